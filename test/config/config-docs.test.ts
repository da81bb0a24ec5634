/**
 * docs/configuration.md is generated from the schema and must be current; every key and every
 * environment variable the code reads is documented; the example config loads as it is.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { configKeys, renderConfigDocs } from '../../src/config/config-docs.js';
import { KEY_DOCS, OTHER_ENV } from '../../src/config/key-docs.js';
import { CONFIG_ENV_MAP, loadConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('docs/configuration.md', () => {
  it('is the generator\'s current output (regenerate: npx tsx scripts/config-docs.ts)', async () => {
    expect(await readFile('docs/configuration.md', 'utf8')).toBe(renderConfigDocs());
  });

  it('explains every key, and documents no key the schema lacks', () => {
    const keys = configKeys();
    expect(keys.filter((k) => !k.description).map((k) => k.path)).toEqual([]);
    const paths = new Set(keys.map((k) => k.path));
    expect(Object.keys(KEY_DOCS).filter((p) => !paths.has(p))).toEqual([]);
    // the keys the newcomer found missing from the README are there
    for (const p of ['slack.approverUsers', 'slack.channels', 'discord.approverRoles', 'discord.channels', 'stripe.endpoint', 'exec.cwd', 'console.users', 'health.probes']) expect(paths).toContain(p);
  });

  it('names every environment variable the code reads', async () => {
    const text = renderConfigDocs();
    const read = new Set<string>();
    for (const file of await sourceFiles('src')) {
      for (const m of (await readFile(file, 'utf8')).matchAll(/\benv\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) read.add(m[1] ?? m[2]!);
    }
    // the shell's own variables a step or the console may read are not settings
    for (const name of ['PATH', 'USER', 'USERNAME', 'HOME']) read.delete(name);
    const documented = new Set([...CONFIG_ENV_MAP.map(([n]) => n), ...OTHER_ENV.map(([n]) => n)]);
    expect([...read].filter((n) => !documented.has(n))).toEqual([]);
    for (const name of documented) expect(text).toContain(`\`${name}\``);
    for (const name of ['SLACK_APPROVER_USERS', 'SLACK_APPROVER_GROUPS', 'SLACK_CHANNELS', 'DISCORD_APPROVER_ROLES', 'DISCORD_CHANNELS', 'STRIPE_WEBHOOK_ENDPOINT', 'OPSBRIDGE_PUBLIC_URL', 'HOST']) expect(text).toContain(`\`${name}\``);
  });

  it('shows the file format of console.users and health.probes', () => {
    const text = renderConfigDocs();
    expect(text).toMatch(/console:\n {2}users:\n {4}alice: \[oncall\]/);
    expect(text).toMatch(/health:\n {2}probes:\n {4}- name: api/);
  });

  it('is where the README\'s configuration section points', async () => {
    const readme = await readFile('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    expect(section.slice(0, 1500)).toContain('docs/configuration.md');
  });
});

describe('opsbridge.example.yaml', () => {
  it('loads as it is, and sets something in every section of the schema', async () => {
    const text = await readFile('opsbridge.example.yaml', 'utf8');
    const config = loadConfig({}, text, 'opsbridge.example.yaml');
    expect(config.health.probes[0]).toMatchObject({ name: 'api', expectStatus: 200 });
    expect(config.console.users).toMatchObject({ alice: ['oncall'], bob: ['approver'] });
    expect(config.commandAccess).toEqual({ rollback: ['oncall', 'approver'] });
    const { parse } = await import('yaml');
    const raw = parse(text) as Record<string, unknown>;
    // databaseUrl holds a password: the example leaves it to DATABASE_URL
    expect(Object.keys(configSchema.shape).filter((k) => !(k in raw))).toEqual(['databaseUrl']);
  });
});
