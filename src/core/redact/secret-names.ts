/**
 * Which environment variables hold secrets. One rule shared by the redactor (mask their values)
 * and the step environment builder (never pass them to a child), so the two cannot drift apart.
 */
const SECRET_NAME = /(?:^|_)(?:KEY|TOKEN|SECRET|DSN|CREDENTIALS)$|PASSWORD|PASSWD|^DATABASE_URL$/i;

export function isSecretEnvName(name: string, extraNames: readonly string[] = []): boolean {
  return SECRET_NAME.test(name) || extraNames.includes(name);
}
