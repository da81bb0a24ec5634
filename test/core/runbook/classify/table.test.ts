/**
 * The classifier table, one table per class of attack (tables/), each row with the class an
 * experienced on-call engineer expects and the words its reason must contain: the offending
 * word, quoted, wherever there is one.
 */
import { describe, expect, it } from 'vitest';
import { classifyBlock } from '../../../../src/core/runbook/classify.js';
import { ALL_ROWS, TABLES } from './tables/index.js';

describe('classifyBlock: the attack tables', () => {
  it('holds at least 500 commands, none twice', () => {
    expect(ALL_ROWS.length).toBeGreaterThanOrEqual(500);
    expect(new Set(ALL_ROWS.map((r) => r[0])).size).toBe(ALL_ROWS.length);
  });

  for (const [name, rows] of Object.entries(TABLES)) {
    describe(name, () => {
      it.each(rows)('%j → %s', (command, expected, reason) => {
        const result = classifyBlock(command, 'sh');
        expect(result.safety, result.reasons.join('; ')).toBe(expected);
        expect(result.reasons.join(' | ')).toContain(reason);
        for (const r of result.reasons) expect(r, 'a reason is a sentence, not a fragment').toMatch(/^\S.{8,}[^.;,:]$/s);
      });
    });
  }
});
