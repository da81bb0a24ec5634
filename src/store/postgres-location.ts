/**
 * A PostgreSQL URL as it may appear in logs and errors: user, host, port and database only.
 * The password and every query parameter (which may carry `password=` or `sslkey=`) are dropped.
 */
export function postgresLocation(databaseUrl: string): { location: string; host: string } {
  try {
    const u = new URL(databaseUrl);
    const host = `${u.hostname || 'localhost'}${u.port ? `:${u.port}` : ''}`;
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return { location: `${u.protocol}//${user}${host}${u.pathname}`, host };
  } catch {
    return { location: 'postgres://(unparseable URL)', host: '(unparseable URL)' };
  }
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}
