import { describe, expect, it } from 'vitest';

import { parseStatusArgs } from '../../../src/integrations/statuspage/parse-status-args.js';

describe('parseStatusArgs', () => {
  it('keeps the public message exactly as typed', () => {
    expect(parseStatusArgs('API degraded_performance We\'re seeing "slow" responses: ETA 10m')).toEqual({
      kind: 'component',
      component: 'API',
      status: 'degraded_performance',
      message: 'We\'re seeing "slow" responses: ETA 10m',
    });
    expect(parseStatusArgs('"Discord bot" OPERATIONAL')).toEqual({ kind: 'component', component: 'Discord bot', status: 'operational' });
    expect(parseStatusArgs('  ')).toEqual({ kind: 'overview' });
  });

  it('reads incident options in any order before the message', () => {
    expect(parseStatusArgs('incident open impact:minor "Login slow" components:API,Dashboard status:identified Cause: a bad cache node')).toEqual({
      kind: 'incident-open',
      name: 'Login slow',
      impact: 'minor',
      status: 'identified',
      components: ['API', 'Dashboard'],
      body: 'Cause: a bad cache node',
    });
    expect(parseStatusArgs('incident resolve latest')).toEqual({ kind: 'incident-resolve', incident: 'latest', body: 'This incident has been resolved.' });
  });

  it('says what is wrong, with the valid choices', () => {
    expect(() => parseStatusArgs('API down')).toThrow('invalid state "down"; use one of: operational, degraded_performance');
    expect(() => parseStatusArgs('incident update latest fixed it')).toThrow('invalid incident state "fixed"; use one of: investigating, identified, monitoring, resolved');
    expect(() => parseStatusArgs('incident open "X" impact:huge msg')).toThrow('invalid impact "huge"');
    expect(() => parseStatusArgs('incident close latest')).toThrow('unknown incident action "close"');
    expect(() => parseStatusArgs(`API operational ${'z'.repeat(1001)}`)).toThrow('the message is 1001 characters; keep it to 1000');
  });
});
