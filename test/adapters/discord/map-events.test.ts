/**
 * discord.js fields → core values, on plain objects with the fields the mapping reads. The same
 * mapping on real discord.js objects from the fake gateway is in index.test.ts.
 */
import { describe, expect, it } from 'vitest';

import { actorOf, messageRefOf, reactionEmoji, whereOf } from '../../../src/adapters/discord/map-events.js';

describe('whereOf: the incident channel an event happened in', () => {
  it('a thread reports its parent channel, and itself as the thread', () => {
    const thread = { id: 'T1', isThread: () => true, parentId: 'C1', parent: { name: 'inc-7-db' }, name: 'run: db' };
    expect(whereOf(thread, 'T1')).toEqual({ channel: { platform: 'discord', id: 'C1', name: 'inc-7-db' }, thread: 'T1' });
    expect(messageRefOf(whereOf(thread, 'T1'), 'M1')).toEqual({ channel: { platform: 'discord', id: 'C1', name: 'inc-7-db' }, id: 'M1', thread: 'T1' });
  });

  it('a channel is itself, named when it has a name; an uncached channel is its id alone', () => {
    expect(whereOf({ id: 'C1', isThread: () => false, name: 'incident' }, 'C1')).toEqual({ channel: { platform: 'discord', id: 'C1', name: 'incident' } });
    expect(whereOf({ id: 'D1', isThread: () => false, name: null }, 'D1')).toEqual({ channel: { platform: 'discord', id: 'D1' } });
    expect(whereOf(null, 'C9')).toEqual({ channel: { platform: 'discord', id: 'C9' } });
    expect(messageRefOf(whereOf(null, 'C9'), 'M1')).toEqual({ channel: { platform: 'discord', id: 'C9' }, id: 'M1' });
  });
});

describe('who acted and with what', () => {
  it('an actor is the user id with its role ids; the name falls back to the id', () => {
    expect(actorOf({ id: 'U1', username: 'alice' }, 'G1', ['R1'])).toMatchObject({ platform: 'discord', id: 'U1', name: 'alice', roles: ['R1'] });
    expect(actorOf({ id: 'U2', username: null }, undefined, [])).toMatchObject({ id: 'U2', name: 'U2', roles: [] });
  });

  it('a unicode reaction is its character, a custom one its name (or id when nameless)', () => {
    expect(reactionEmoji({ name: '✅', id: null })).toBe('✅');
    expect(reactionEmoji({ name: 'shipit', id: '123' })).toBe('shipit');
    expect(reactionEmoji({ name: null, id: '123' })).toBe('123');
  });
});
