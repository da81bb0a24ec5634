import { describe, expect, it } from 'vitest';

import { slackApprovers } from '../../../src/adapters/slack/approver-config.js';

describe('slackApprovers', () => {
  it('takes user-group and user ids', () => {
    expect(slackApprovers({ approverGroups: ['S0ONCALL'], approverUsers: ['U3CAROL', 'W0ENTERPRISE'] })).toEqual({ roles: ['S0ONCALL'], users: ['U3CAROL', 'W0ENTERPRISE'] });
  });
  it('refuses names, saying where to find the id', () => {
    expect(() => slackApprovers({ approverGroups: ['oncall'], approverUsers: [] })).toThrow(/SLACK_APPROVER_GROUPS\): "oncall" is not a user-group id[\s\S]*User groups/);
    expect(() => slackApprovers({ approverGroups: [], approverUsers: ['bob'] })).toThrow(/SLACK_APPROVER_USERS\): "bob" is not a user id[\s\S]*Copy member ID/);
  });
});
