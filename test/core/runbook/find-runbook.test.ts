import { describe, expect, it } from 'vitest';
import { findRunbook } from '../../../src/core/runbook/find-runbook.js';
import { parseRunbook } from '../../../src/core/runbook/parse-runbook.js';

const runbooks = [
  parseRunbook('---\nid: db\naliases: [database, postgres]\n---\n', 'db.md'),
  parseRunbook('---\nid: app-down\naliases: [app]\n---\n', 'app-down.md'),
  parseRunbook('---\nid: stripe-webhooks\naliases: [stripe]\n---\n', 'stripe-webhooks.md'),
];

const idOf = (r: ReturnType<typeof findRunbook>): string | undefined => ('runbook' in r ? r.runbook.id : undefined);

describe('findRunbook', () => {
  it('matches ids and aliases case-insensitively', () => {
    expect(idOf(findRunbook(runbooks, 'db'))).toBe('db');
    expect(idOf(findRunbook(runbooks, 'Postgres'))).toBe('db');
    expect(idOf(findRunbook(runbooks, ' STRIPE '))).toBe('stripe-webhooks');
  });

  it('suggests by edit distance for a typo', () => {
    expect(findRunbook(runbooks, 'databse')).toEqual({ suggestions: ['db'] });
    expect(findRunbook(runbooks, 'strpe')).toEqual({ suggestions: ['stripe-webhooks'] });
  });

  it('never matches unicode look-alikes, but suggests the real one', () => {
    expect(findRunbook(runbooks, 'аpp')).toEqual({ suggestions: ['app-down'] }); // Cyrillic а
    expect(findRunbook(runbooks, 'ｄｂ')).toEqual({ suggestions: ['db'] }); // fullwidth, NFKC → db
    expect(findRunbook(runbooks, 'db\u200b')).toEqual({ suggestions: ['db'] }); // zero-width space
  });

  it('returns no suggestions for something unrelated', () => {
    expect(findRunbook(runbooks, 'kubernetes-cluster')).toEqual({ suggestions: [] });
  });
});
