/**
 * Turns whatever was handed to the parser (a string or raw file bytes) into text the markdown
 * parser can take, reporting instead of throwing: binary files, invalid UTF-8 and oversized
 * files are ordinary things to find in a runbooks folder.
 */
import { isUtf8 } from 'node:buffer';
import type { Problem } from './model.js';

/** Runbooks are human-written pages; anything larger is almost certainly not one. */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

/** Replaces what is not UTF-8 (a problem says where) instead of refusing the file. */
const utf8 = new TextDecoder('utf-8', { fatal: false });

export interface DecodedInput {
  /** undefined when the content must not be parsed at all (binary, too large) */
  text: string | undefined;
  problems: Problem[];
}

export function decodeInput(input: string | Uint8Array): DecodedInput {
  const problems: Problem[] = [];
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_RUNBOOK_BYTES) {
    problems.push({
      line: 1,
      severity: 'error',
      message: `file is ${(size / 1024 / 1024).toFixed(1)} MB; runbooks larger than ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB are not parsed`,
    });
    return { text: undefined, problems };
  }
  const nul = typeof input === 'string' ? input.indexOf('\0') : input.indexOf(0);
  if (nul !== -1) {
    const line = typeof input === 'string' ? lineAt(input, nul) : lineAtBytes(input, nul);
    problems.push({ line, severity: 'error', message: `binary content (NUL byte at offset ${nul}); not a markdown runbook` });
    return { text: undefined, problems };
  }
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    // the native check answers for the usual valid file; the scan only finds where a bad one breaks
    const bad = isUtf8(input) ? -1 : firstInvalidUtf8(input);
    if (bad !== -1) {
      problems.push({
        line: lineAtBytes(input, bad),
        severity: 'error',
        message: `invalid UTF-8 at byte ${bad}; the file was read with replacement characters (save it as UTF-8)`,
      });
    }
    text = utf8.decode(input);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, problems };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function lineAtBytes(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) (need = 1), (min = 0x80);
    else if (b >= 0xe0 && b <= 0xef) (need = 2), (min = 0x800);
    else if (b >= 0xf0 && b <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
