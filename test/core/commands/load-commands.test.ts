import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadCommands } from '../../../src/core/commands/load-commands.js';
import { ROOT } from '../../helpers/test-bot.js';

it('loads the shipped commands', async () => {
  const names = (await loadCommands(path.join(ROOT, 'commands'))).map((c) => c.name);
  expect(names).toEqual(expect.arrayContaining(['incident', 'runbooks', 'rollback']));
});

it('a bad command file stops loading with a message naming the file', async () => {
  const dir = path.join(ROOT, 'test/fixtures/commands-bad');
  await expect(loadCommands(dir)).rejects.toThrow(/commands-bad\/broken\.ts: invalid command: name: name must be lower-case.*exactly one of `handler` or `runbook`/);
});

/** loadCommands as the compiled build runs it (dist/, no TypeScript loader in the process). */
function compiledLoad(dir: string): Promise<{ code: number | null; out: string; err: string }> {
  const script = `const { loadCommands } = await import(${JSON.stringify(path.join(ROOT, 'dist/src/core/commands/load-commands.js'))});
const specs = await loadCommands(process.argv[1]).catch((e) => { process.stderr.write(e.code + ': ' + e.message); process.exit(3); });
process.stdout.write(JSON.stringify(specs.map((s) => s.name)));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

it('from the compiled build, commands/*.ts run as their compiled copies in dist/', async () => {
  const r = await compiledLoad(path.join(ROOT, 'commands'));
  expect(r.err).toBe('');
  expect(JSON.parse(r.out)).toEqual(expect.arrayContaining(['incident', 'runbooks', 'rollback', 'health', 'status', 'replay-stripe']));
});

it('from the compiled build, a TypeScript command that was never compiled is refused with what to do', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-cmds-'));
  await writeFile(path.join(dir, 'hello.ts'), 'export default {};\n');
  const r = await compiledLoad(dir);
  expect(r.code).toBe(3);
  expect(r.err).toContain(`COMMAND_FILE: ${path.join(dir, 'hello.ts')}: is TypeScript and has no compiled copy`);
  expect(r.err).toContain('npm run build');
  await rm(dir, { recursive: true, force: true });
});
