import { describe, expect, it } from 'vitest';
import { parseWindow } from '../../../src/integrations/stripe/window.js';

const now = Date.UTC(2026, 0, 31, 12, 0, 0);
const s = (ms: number) => Math.floor(ms / 1000);

describe('parseWindow', () => {
  it('reads durations ago and defaults until to now', () => {
    expect(parseWindow({ since: '2h' }, now)).toEqual({ since: s(now - 7_200_000), until: s(now) });
    expect(parseWindow({ since: '3d', until: '30m' }, now)).toEqual({ since: s(now - 3 * 86_400_000), until: s(now - 1_800_000) });
  });

  it('reads ISO timestamps, treating a zone-less time as UTC', () => {
    expect(parseWindow({ since: '2026-01-31T10:00:00Z', until: '2026-01-31 11:00' }, now)).toEqual({
      since: s(Date.UTC(2026, 0, 31, 10)),
      until: s(Date.UTC(2026, 0, 31, 11)),
    });
    expect(parseWindow({ since: '2026-01-30' }, now).since).toBe(s(Date.UTC(2026, 0, 30)));
  });

  it('rejects until before since, a window beyond 30 days, and unparseable times', () => {
    expect(() => parseWindow({ since: '1h', until: '2h' }, now)).toThrow(/is before since/);
    expect(() => parseWindow({ since: '31d' }, now)).toThrow(expect.objectContaining({ code: 'STRIPE_WINDOW_TOO_OLD', message: expect.stringMatching(/30 days/) }));
    expect(() => parseWindow({ since: 'yesterday' }, now)).toThrow(expect.objectContaining({ code: 'STRIPE_BAD_TIME', message: expect.stringMatching(/since "yesterday"/) }));
    expect(() => parseWindow({ since: '2h', until: '2026-13-45T99:00Z' }, now)).toThrow(/until "2026-13-45T99:00Z" is not a time/);
    expect(() => parseWindow({}, now)).toThrow(/required/);
  });
});
