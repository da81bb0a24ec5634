/**
 * .ci/run does what a newcomer does on a fresh clone: install from the project's files and run
 * the README's test command. Anything more would let CI pass where a fresh clone fails.
 */
import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

describe('.ci/run', () => {
  it('runs the README test command and installs no browser from apt', async () => {
    const script = await readFile('.ci/run', 'utf8');
    const readme = await readFile('README.md', 'utf8');
    expect(readme).toMatch(/^npm test\b/m);
    expect(script).toMatch(/^npm test$/m);
    expect(script).toMatch(/^npm ci\b/m);
    const code = script.split('\n').filter((l) => !l.trim().startsWith('#'));
    expect(code.join('\n')).not.toMatch(/chromium/i);
    // the only apt package is the real Alertmanager the alert tests drive (not on npm)
    const aptPackages = code.flatMap((l) => /apt-get install\s+(.*)/.exec(l)?.[1]?.split(/\s+/).filter((w) => w && !w.startsWith('-') && !w.startsWith('>')) ?? []);
    expect(aptPackages).toEqual(['prometheus-alertmanager']);
  });
});
