import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../../src/core/errors.js';
import { validateParams } from '../../../src/core/runbook/params.js';

const SPECS = { VERSION: { pattern: '^v\\d+\\.\\d+\\.\\d+$' }, NOTE: {} };

function error(values: Record<string, string>, specs: Parameters<typeof validateParams>[0] = SPECS): string {
  try {
    validateParams(specs, values);
  } catch (e) {
    expect(isOpsError(e, 'BAD_PARAM')).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected BAD_PARAM');
}

describe('validateParams', () => {
  it('passes declared values that match', () => {
    expect(validateParams(SPECS, { VERSION: 'v1.2.3' })).toEqual({ VERSION: 'v1.2.3' });
  });

  it('rejects undeclared names, naming what the runbook takes', () => {
    expect(error({ VERSON: 'v1.2.3' })).toBe('unknown parameter VERSON; this runbook takes VERSION, NOTE');
    expect(error({ X: '1' }, {})).toContain('takes no parameters');
  });

  it('rejects a pattern mismatch, including shell injection attempts', () => {
    expect(error({ VERSION: 'v1.2.3; rm -rf /' })).toContain('does not match ^v\\d+\\.\\d+\\.\\d+$');
    expect(error({ VERSION: '$(reboot)' })).toContain('does not match');
  });

  it('rejects control characters, even where the pattern would allow anything', () => {
    expect(error({ NOTE: 'line1\nline2' })).toContain('control character (U+000A)');
    expect(error({ NOTE: 'esc\u001b[31m' })).toContain('U+001B');
  });

  it('rejects values over 256 characters', () => {
    expect(error({ NOTE: 'x'.repeat(257) })).toContain('257 characters; the limit is 256');
    expect(validateParams(SPECS, { NOTE: 'x'.repeat(256) }).NOTE).toHaveLength(256);
  });

  it('requires required params', () => {
    expect(error({}, { VERSION: { pattern: '^v\\d+$', required: true } })).toContain('parameter VERSION is required');
  });

  it('does not treat inherited object keys as declared', () => {
    expect(error({ constructor: 'x' })).toContain('unknown parameter constructor');
  });
});
