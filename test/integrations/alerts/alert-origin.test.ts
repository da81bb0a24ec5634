import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { alertOrigin } from '../../../src/integrations/alerts/alert-origin.js';

const has = (...platforms: string[]) => (p: string) => platforms.includes(p);

describe('alertOrigin', () => {
  it('uses alerts.channel for a platform the bot runs, in the order configured', () => {
    const config = loadConfig({}, 'alerts: { channel: { discord: "111", slack: C0ALERTS } }');
    expect(alertOrigin(config, has('slack', 'discord'))).toMatchObject({ platform: 'discord', id: '111' });
    expect(alertOrigin(config, has('slack'))).toMatchObject({ platform: 'slack', id: 'C0ALERTS' });
  });

  it('falls back to the console channel, then the first allowed Slack or Discord channel', () => {
    expect(alertOrigin(loadConfig({}), has('console'))).toMatchObject({ platform: 'console', id: 'incident' });
    expect(alertOrigin(loadConfig({ SLACK_CHANNELS: 'C1,C2' }), has('slack'))).toMatchObject({ platform: 'slack', id: 'C1' });
  });

  it('says what to set when there is no channel at all', () => {
    expect(() => alertOrigin(loadConfig({}), has('slack'))).toThrow(/set alerts.channel/);
  });
});
