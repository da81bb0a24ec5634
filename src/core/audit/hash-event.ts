/**
 * The hash that chains audit events: sha256 over the canonical JSON of every stored field
 * except the hash itself. Changing any field of any event, or its position, changes it.
 */
import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
  prev_hash: string;
}

export function hashEvent(fields: HashedFields): string {
  const { seq, at, actor, action, subject, data, prev_hash } = fields;
  return createHash('sha256').update(canonicalJson({ seq, at, actor, action, subject, data, prev_hash })).digest('hex');
}
