import { describe, expect, it } from 'vitest';
import { parseArgs, splitArgs } from '../../../src/core/commands/parse-args.js';

describe('splitArgs', () => {
  it('keeps quoted text together and never evaluates it', () => {
    expect(splitArgs(`'v1.2.3; rm -rf /' "a b" $(whoami) *`)).toEqual(['v1.2.3; rm -rf /', 'a b', '$(whoami)', '*']);
  });
  it('rejects an unclosed quote with a clear message', () => {
    expect(() => splitArgs(`"open`)).toThrow(/unclosed " quote/);
  });
});

describe('parseArgs', () => {
  it('fills positionals in order and reads key:value options', () => {
    expect(parseArgs('db step:3', { positional: ['topic'] })).toEqual({ topic: 'db', step: '3' });
  });
  it('collects the rest into the last positional when asked', () => {
    expect(parseArgs('api degraded_performance slow responses', { positional: ['component', 'state', 'message'], rest: true })).toEqual({
      component: 'api',
      state: 'degraded_performance',
      message: 'slow responses',
    });
  });
  it('refuses extra positionals instead of silently dropping them', () => {
    expect(() => parseArgs('v1.2.3 ; rm -rf /', { positional: ['version'] })).toThrow(/unexpected arguments: ";" "rm" "-rf" "\/"/);
  });
  it('refuses 10 kB of arguments', () => {
    expect(() => parseArgs('a'.repeat(10_000), { positional: ['x'] })).toThrow(/too long/);
  });
  it('does not mistake a URL for an option', () => {
    expect(parseArgs('https://example.test/x', { positional: ['url'] })).toEqual({ url: 'https://example.test/x' });
  });
});
