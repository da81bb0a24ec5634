/** App-generated ids (portable across SQLite and PostgreSQL). */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'; // no look-alikes: people type incident ids

function randomChars(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** short, typeable: `/status incident update inc_k3m9qa monitoring ...` */
export function newIncidentId(): string {
  return `inc_${randomChars(6)}`;
}

let counter = 0;
/** sortable by creation even when the (manual) clock stands still */
export function newUpdateId(nowMs: number): string {
  counter = (counter + 1) % 1296;
  return `upd_${nowMs.toString(36).padStart(9, '0')}${counter.toString(36).padStart(2, '0')}${randomChars(4)}`;
}
