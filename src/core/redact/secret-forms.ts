/**
 * The shapes a known secret value takes in output, as CI systems mask them: plain, JSON-escaped
 * (once and twice, for JSON inside a JSON string), URL-encoded (upper- and lower-case escapes, `+`
 * for spaces), hex, and base64 (standard and URL-safe, padded alone, and at each of the three byte
 * alignments so a secret inside a longer base64 blob such as `user:password` in a Basic header is
 * still found).
 */

/** Encoded forms shorter than this are dropped: four base64 characters match far too much. */
export const MIN_FORM_LENGTH = 6;

export function secretForms(value: string): string[] {
  const forms = new Set<string>([value]);
  const json = JSON.stringify(value).slice(1, -1);
  forms.add(json);
  forms.add(JSON.stringify(json).slice(1, -1));
  const uri = encodeURIComponent(value);
  for (const u of [uri, uri.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())]) {
    forms.add(u);
    forms.add(u.replace(/%20/g, '+'));
  }
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  const padded = bytes.toString('base64');
  for (const b64 of [padded, padded.replace(/=+$/, ''), ...base64Variants(bytes)]) {
    forms.add(b64);
    forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((f) => f === value || f.length >= MIN_FORM_LENGTH);
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
