/**
 * The forms of a secret a test must not find in output: plain, JSON-escaped, URL-encoded, hex,
 * and the characters of its base64 that depend on the secret alone, at each byte alignment.
 */
export function forbiddenForms(value: string): string[] {
  const b64 = (prefix: string) => Buffer.from(prefix + value).toString('base64');
  return [
    value,
    JSON.stringify(value).slice(1, -1),
    encodeURIComponent(value),
    Buffer.from(value).toString('hex'),
    b64('').slice(0, 16),
    b64('x').slice(4, 16),
    b64('xy').slice(4, 16),
  ];
}

/** The same forms, as they would be printed: for building output that must be masked. */
export function printedForms(value: string): string[] {
  return [
    value,
    JSON.stringify({ v: value }),
    encodeURIComponent(value),
    Buffer.from(value).toString('hex'),
    Buffer.from(value).toString('base64'),
    Buffer.from(`x${value}`).toString('base64'),
    Buffer.from(`xy${value}`).toString('base64'),
  ];
}
