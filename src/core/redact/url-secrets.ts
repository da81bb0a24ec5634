/**
 * The password inside a URL's userinfo (`postgres://app:PASSWORD@db/app`, `redis://:PASSWORD@cache`).
 * A tool that prints the password alone (an error message, `PGPASSWORD` echoed by a diagnostic)
 * must still be masked, so the password is a secret of its own, not only the whole URL.
 */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/?#"'<>]*):([^\s@/?#"'<>]+)@/gi;

/** Every userinfo password in `text`, as written and percent-decoded. */
export function urlPasswords(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(URL_USERINFO)) {
    const raw = m[2]!;
    out.add(raw);
    try {
      out.add(decodeURIComponent(raw));
    } catch {
      // not valid percent-encoding: the raw form is what a tool would print
    }
  }
  return [...out];
}
