import { describe, expect, it } from 'vitest';

import { actorFromMember } from '../../../src/adapters/discord/actor.js';

const names: Record<string, string> = { '11': 'SRE', '12': 'Oncall', '99': 'Everyone' };
const member = (roleIds: string[]) => ({ userId: '7', username: 'bob', roleIds, roleName: (id: string) => names[id] });

describe('actorFromMember', () => {
  it('lists role ids and names and adds the core approver role for a configured role name', () => {
    expect(actorFromMember(member(['11', '12', '99']), ['sre'], '99')).toEqual({ platform: 'discord', id: '7', name: 'bob', roles: ['11', '12', 'SRE', 'Oncall', 'approver'] });
  });

  it('matches a configured role id too, and gives no approver role otherwise', () => {
    expect(actorFromMember(member(['12']), ['12']).roles).toContain('approver');
    expect(actorFromMember(member(['12']), ['11', 'SRE']).roles).toEqual(['12', 'Oncall']);
  });
});
