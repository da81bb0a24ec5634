/**
 * Text tricks that make a block read differently from how the shell runs it: carriage returns,
 * NUL and other control bytes, zero-width and bidirectional controls, and characters that look
 * like ASCII shell syntax but are not (Cyrillic letters, en dashes, smart quotes, odd spaces).
 * Each is a reason to gate the block and, because a reviewer would be misled, a lint error.
 */
const NAMES: Record<number, string> = {
  0x0d: 'a carriage return (Windows line ending)', 0x00: 'a NUL byte', 0x1b: 'an escape character (terminal control sequence)',
  0x08: 'a backspace', 0x200b: 'a zero-width space', 0x200c: 'a zero-width non-joiner', 0x200d: 'a zero-width joiner',
  0x2060: 'a word joiner', 0xfeff: 'a zero-width no-break space (BOM)', 0x00ad: 'a soft hyphen', 0x180e: 'a Mongolian vowel separator',
  0x202a: 'a left-to-right embedding', 0x202b: 'a right-to-left embedding', 0x202c: 'a pop directional formatting',
  0x202d: 'a left-to-right override', 0x202e: 'a right-to-left override', 0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate', 0x2068: 'a first strong isolate', 0x2069: 'a pop directional isolate',
  0x200e: 'a left-to-right mark', 0x200f: 'a right-to-left mark', 0x061c: 'an Arabic letter mark', 0x00a0: 'a no-break space',
  0x2010: 'a hyphen', 0x2011: 'a non-breaking hyphen', 0x2012: 'a figure dash', 0x2013: 'an en dash', 0x2014: 'an em dash',
  0x2212: 'a minus sign', 0x2018: 'a left single quotation mark', 0x2019: 'a right single quotation mark',
  0x201c: 'a left double quotation mark', 0x201d: 'a right double quotation mark', 0x2024: 'a one dot leader', 0x3000: 'an ideographic space',
};

function describe(cp: number): string | undefined {
  if (NAMES[cp]) return NAMES[cp];
  if (cp < 0x20 && cp !== 0x09 && cp !== 0x0a) return 'a control character';
  if (cp === 0x7f) return 'a delete control character';
  if (cp >= 0x80 && cp < 0xa0) return 'a control character';
  if ((cp >= 0x2000 && cp <= 0x200a) || cp === 0x205f || cp === 0x2028 || cp === 0x2029) return 'a Unicode space';
  if (cp >= 0x0370 && cp <= 0x052f) return 'a Greek or Cyrillic letter that looks like a Latin one';
  if (cp >= 0xff00 && cp <= 0xffef) return 'a fullwidth character that looks like ASCII';
  if (cp >= 0x1d400 && cp <= 0x1d7ff) return 'a mathematical letter that looks like ASCII';
  if (cp >= 0xfe00 && cp <= 0xfe0f) return 'a variation selector';
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'an invisible tag character';
  return undefined;
}

/** One reason per kind of misleading character, naming the line, the code point and the word it sits in. */
export function misleadingText(source: string): string[] {
  // nearly every block is plain printable ASCII: answer that without walking it character by character
  if (!/[^\x20-\x7e\n\t]/.test(source)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  let line = 1;
  let i = 0;
  for (const ch of source) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a) line++;
    const what = cp < 0x80 && cp >= 0x20 && cp !== 0x7f ? undefined : describe(cp);
    if (what && !seen.has(what)) {
      seen.add(what);
      const hex = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
      const word = wordAround(source, i);
      const where = word ? ` in ${JSON.stringify(word)}` : '';
      out.push(`line ${line} holds ${what} (${hex})${where}, so the shell reads the block differently from how it displays`);
    }
    i += ch.length;
  }
  return out;
}

function wordAround(source: string, at: number): string {
  let s = at;
  let e = at;
  while (s > 0 && !/\s/.test(source[s - 1]!)) s--;
  while (e < source.length && !/\s/.test(source[e]!)) e++;
  const w = source.slice(s, e).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return w.length > 40 ? w.slice(0, 37) + '...' : w;
}
