import { webApi } from '@slack/bolt';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApproverRoles } from '../../../src/adapters/slack/approver-roles.js';
import { ManualClock } from '../../../src/core/clock.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';

describe('ApproverRoles', () => {
  let fake: FakeSlack;
  let roles: ApproverRoles;
  const clock = new ManualClock();

  beforeEach(async () => {
    fake = await new FakeSlack({ userGroups: { S1: ['U1'], S2: ['U1', 'U2'] } }).start();
    const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    roles = new ApproverRoles({ client, groups: ['S1', 'S2'], clock, logger: pino({ level: 'silent' }), refreshMs: 60_000 });
  });

  afterEach(async () => {
    await fake.close();
  });

  it('lists the ids of the watched groups a user is in, and nothing else', async () => {
    expect(await roles.rolesFor('U1')).toEqual(['S1', 'S2']);
    expect(await roles.rolesFor('U2')).toEqual(['S2']);
    expect(await roles.rolesFor('U3')).toEqual([]);
  });

  it('watches group ids a runbook names; names are ignored', async () => {
    fake.userGroups.S0DBA = ['U3'];
    roles.watch(['S0DBA', 'dba-team']);
    expect(await roles.rolesFor('U3')).toEqual(['S0DBA']);
    expect(fake.callsOf('usergroups.users.list').map((c) => c.params.usergroup)).not.toContain('dba-team');
  });

  it('asks Slack once per group for many concurrent lookups', async () => {
    await Promise.all(Array.from({ length: 20 }, () => roles.rolesFor('U2')));
    expect(fake.callsOf('usergroups.users.list').map((c) => c.params.usergroup).sort()).toEqual(['S1', 'S2']);
  });

  it('keeps the last known members when a refresh fails, so approvers are not lost mid-incident', async () => {
    await roles.rolesFor('U2');
    await clock.advance(61_000);
    fake.failNext('usergroups.users.list', { status: 500, error: 'internal_error', times: 2 });
    expect(await roles.rolesFor('U2')).toEqual(['S2']);
    // once Slack answers again, changes show up
    fake.userGroups.S2 = ['U3'];
    await clock.advance(61_000);
    expect(await roles.rolesFor('U2')).toEqual([]);
    expect(await roles.rolesFor('U3')).toEqual(['S2']);
  });
});
