/**
 * Slack parses `<...>` in mrkdwn and in the top-level `text` as mentions and links, so command
 * output like `<!channel>` or `<http://evil|click>` would ping or link. Slack's rule: escape
 * exactly &, < and > (nothing else), and Slack shows them as typed.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Splits already-escaped text into pieces of at most `limit` characters, preferring line breaks,
 * never cutting an `&amp;`-style entity in half (Slack would show the broken half literally).
 */
export function splitEscaped(text: string, limit: number): string[] {
  if (text.length <= limit) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = limit; // no useful line break: hard cut
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp >= 0 && amp > cut - 5 && rest.indexOf(';', amp) >= cut) cut = amp;
    out.push(rest.slice(0, cut));
    rest = rest[cut] === '\n' ? rest.slice(cut + 1) : rest.slice(cut);
  }
  if (rest.length > 0) out.push(rest);
  return out;
}
