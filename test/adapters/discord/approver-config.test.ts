import { describe, expect, it } from 'vitest';

import { discordApprovers } from '../../../src/adapters/discord/approver-config.js';

describe('discordApprovers', () => {
  it('takes role and user ids', () => {
    expect(discordApprovers({ approverRoles: ['111111111111111111'], approverUsers: ['222222222222222222'] })).toEqual({ roles: ['111111111111111111'], users: ['222222222222222222'] });
  });
  it('refuses a role name or user name, naming the key and how to copy the id', () => {
    expect(() => discordApprovers({ approverRoles: ['SRE'], approverUsers: [] })).toThrow(/DISCORD_APPROVER_ROLES\): "SRE" is not a role id[\s\S]*Developer Mode[\s\S]*Copy ID/);
    expect(() => discordApprovers({ approverRoles: [], approverUsers: ['eve'] })).toThrow(/DISCORD_APPROVER_USERS\): "eve" is not a user id/);
  });
});
