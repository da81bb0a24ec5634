import { describe, expect, it } from 'vitest';

import { actorFromMember } from '../../../src/adapters/discord/actor.js';

const member = (roleIds: string[]) => ({ userId: '7', username: 'bob', roleIds });

describe('actorFromMember', () => {
  it('lists role ids only (never role names, never a synthetic role), without @everyone', () => {
    expect(actorFromMember(member(['111111111111111111', '222222222222222222', '999999999999999999']), '999999999999999999')).toEqual({
      platform: 'discord',
      id: '7',
      name: 'bob',
      roles: ['111111111111111111', '222222222222222222'],
    });
  });
});
