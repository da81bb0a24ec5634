/** `@bob`, `<@U123>`, `<@U123|bob>`, `<@!123>`: who a role is being given to. */
import type { Actor } from '../../chat.js';
import { OpsError } from '../../errors.js';
import type { IncidentChannelPort } from '../channel-port.js';
import type { Person } from '../model.js';

export async function resolvePerson(token: string | undefined, invoker: Actor, port: IncidentChannelPort | undefined): Promise<Person> {
  const raw = (token ?? '').trim();
  if (!raw) throw new OpsError('BAD_USER', 'Say who, e.g. @bob (or me).');
  if (raw === 'me' || raw === '@me') return { id: invoker.id, name: invoker.name };
  if (raw.length > 100) throw new OpsError('BAD_USER', 'That does not look like a person. Mention them with @, e.g. @bob (or me).');
  const found = port?.findUser ? await port.findUser(raw) : fallback(raw);
  if (!found) throw new OpsError('UNKNOWN_USER', `I do not know a user "${raw.slice(0, 40)}" here. Type @ and pick them from the list the chat offers, so it sends who they are (or write me).`);
  return found;
}

function fallback(raw: string): Person | undefined {
  const m = /^<@!?([A-Z0-9]+)(?:\|([^>]+))?>$/i.exec(raw) ?? /^@?([\p{L}\p{N}._-]{1,64})$/u.exec(raw);
  return m ? { id: m[1]!, name: m[2] ?? m[1]! } : undefined;
}
