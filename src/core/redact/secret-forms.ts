/**
 * The shapes a known secret value takes in output, as CI systems mask them: plain, JSON-escaped,
 * URL-encoded and base64 (at each of the three byte alignments, so a secret inside a longer
 * base64 blob such as `user:password` in a Basic header is still found).
 */
export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  forms.add(JSON.stringify(value).slice(1, -1));
  const uri = encodeURIComponent(value);
  forms.add(uri);
  forms.add(uri.replace(/%20/g, '+'));
  for (const b64 of base64Variants(Buffer.from(value, 'utf8'))) {
    forms.add(b64);
    forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

/** base64 characters fully determined by the secret's bytes when it starts at byte offset 0, 1 or 2. */
function base64Variants(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    out.push(encoded.slice(start, end));
  }
  return out;
}
