/**
 * The append-only audit trail: who ran what, who approved it, what happened.
 *
 * Each event carries seq = previous seq + 1 and prev_hash = the previous event's hash, and its
 * own hash covers both (see hash-event.ts), so editing, removing or slipping in a row breaks the
 * chain where it happened (verify-audit.ts finds it).
 *
 * Several replicas may append to one PostgreSQL database. There is no lock: an appender reads
 * the head, inserts seq = head + 1, and if another appender took that seq first (primary-key or
 * unique violation) it reads the new head and tries again. Within one process appends are queued,
 * so a burst of events does not race against itself.
 *
 * Callers pass data that is already redacted: this module stores exactly what it is given.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { OpsError, errorMessage } from '../errors.js';
import { iso, type Clock } from '../clock.js';
import { isUniqueViolation } from '../../store/is-unique-violation.js';
import type { Db } from '../../store/schema.js';
import { canonicalJson, normalize } from './canonical-json.js';
import { GENESIS_HASH, hashEvent } from './hash-event.js';
import type { AuditEvent, AuditEventInput, AuditLog } from './types.js';

const MAX_ATTEMPTS = 50;

export function createAuditLog(db: Db, clock: Clock): AuditLog {
  let queue: Promise<unknown> = Promise.resolve();

  async function appendNow(input: AuditEventInput): Promise<AuditEvent> {
    const data = (normalize(input.data ?? {}) ?? {}) as Record<string, unknown>;
    const dataText = canonicalJson(data);
    let lastError: unknown;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        const head = await db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const seq = (head?.seq ?? 0) + 1;
        const prevHash = head?.hash ?? GENESIS_HASH;
        const at = iso(clock.now());
        const { actor, action, subject } = input;
        const hash = hashEvent({ seq, at, actor, action, subject, data, prev_hash: prevHash });
        await db.insertInto('audit_events').values({ seq, at, actor, action, subject, data: dataText, prev_hash: prevHash, hash }).execute();
        return { seq, at, actor, action, subject, data, prevHash, hash };
      } catch (err) {
        if (!isUniqueViolation(err)) {
          throw new OpsError('AUDIT_WRITE_FAILED', `cannot write audit event ${input.action}: ${errorMessage(err)}`, { cause: err });
        }
        lastError = err;
        // Another process took this seq. Back off a little (random, growing) so two replicas
        // in lockstep do not collide forever. Real time on purpose: this is not domain time.
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
    throw new OpsError('AUDIT_CONTENDED', `cannot append audit event ${input.action}: ${MAX_ATTEMPTS} attempts lost the race`, {
      cause: lastError,
    });
  }

  return {
    append(input) {
      const result = queue.then(() => appendNow(input));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
