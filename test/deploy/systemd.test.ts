/**
 * deploy/systemd/opsbridge.service: systemd's own checker accepts it (systemd-analyze verify,
 * where the machine has systemd), and it runs the bot so that SIGTERM reaches it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const UNIT = 'deploy/systemd/opsbridge.service';

/** systemd's unit syntax: [Section] headers, Key=Value lines, # and ; comments. */
function parseUnit(text: string): Map<string, [string, string][]> {
  const sections = new Map<string, [string, string][]>();
  let current: [string, string][] | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = [];
      sections.set(header[1]!, current);
      return;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`${UNIT}:${i + 1}: not a Key=Value line inside a section: ${raw}`);
    current.push([kv[1]!, kv[2]!]);
  });
  return sections;
}

describe('systemd unit', () => {
  it('runs node on bin/opsbridge.js directly, SIGTERM to the bot, its state in StateDirectory', async () => {
    const unit = parseUnit(await readFile(UNIT, 'utf8'));
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    const service = new Map(unit.get('Service'));
    expect(service.get('ExecStart')).toBe('/usr/bin/node bin/opsbridge.js start');
    expect(service.get('KillSignal')).toBe('SIGTERM');
    expect(service.get('KillMode')).toBe('mixed');
    expect(Number(service.get('TimeoutStopSec'))).toBeGreaterThan(15); // the bot's own grace period
    expect(unit.get('Service')!.filter(([k, v]) => k === 'Environment' && v === 'OPSBRIDGE_DATA_DIR=/var/lib/opsbridge')).toHaveLength(1);
    expect(service.get('StateDirectory')).toBe('opsbridge');
    expect(service.get('ReadWritePaths')).toBe('/var/lib/opsbridge');
    expect(service.get('User')).not.toBe('root');
  });

  it('passes systemd-analyze verify where systemd is installed', async () => {
    const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
    if (!analyze) {
      // no systemd on this machine (macOS, some containers): the structural test above still ran
      expect(process.platform === 'linux' ? existsSync('/run/systemd/system') : false).toBe(false);
      return;
    }
    const result = await execa(analyze, ['verify', UNIT], { reject: false });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
