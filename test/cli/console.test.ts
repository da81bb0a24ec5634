/**
 * `opsbridge console --json` as a real process: a scripted incident, and crashes (kill -9)
 * with a pending approval and with a gated step running; and two replicas on PostgreSQL
 * (always: the suite's PostgreSQL, see test/setup/postgres.ts).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { groupAlive } from '../../src/core/exec/process-group.js';
import { startConsole, type ConsoleProcess } from '../helpers/console-process.js';
import { pgTestStore } from '../helpers/test-store.js';

const RUNBOOK = `---
id: demo
title: Demo outage
severity: SEV-2
---
## Diagnosis
\`\`\`sh
echo "diagnostic ok"
\`\`\`
## Recovery
\`\`\`sh {approve timeout=60s}
echo "start $$" >> "$MARKER_DIR/steps"
sleep "\${STEP_SLEEP:-0}"
echo end >> "$MARKER_DIR/steps"
\`\`\`
`;

let dir: string;
let env: Record<string, string>;
let args: string[];
const procs: ConsoleProcess[] = [];

async function markerLines(): Promise<string[]> {
  const file = path.join(dir, 'markers', 'steps');
  return existsSync(file) ? (await readFile(file, 'utf8')).trim().split('\n') : [];
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'opsbridge-console-'));
  await mkdir(path.join(dir, 'runbooks'));
  await mkdir(path.join(dir, 'markers'));
  await writeFile(path.join(dir, 'runbooks', 'demo.md'), RUNBOOK);
  await writeFile(path.join(dir, 'config.yaml'), `exec: { stepEnv: { MARKER_DIR: "${path.join(dir, 'markers')}", STEP_SLEEP: "0" } }\n`);
  env = { OPSBRIDGE_DATA_DIR: path.join(dir, 'data') };
  args = ['--runbooks', path.join(dir, 'runbooks'), '--config', path.join(dir, 'config.yaml')];
});

afterEach(async () => {
  for (const p of procs.splice(0)) if (p.child.exitCode === null) await p.kill9();
  // a step left running by a kill -9 belongs to its own process group: end it
  for (const line of await markerLines()) {
    const pid = Number(line.split(' ')[1]);
    if (pid) try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  await rm(dir, { recursive: true, force: true });
});

function start(): ConsoleProcess {
  const p = startConsole(args, env);
  procs.push(p);
  return p;
}

it('scripts a whole incident on stdin and exits 0 at EOF', async () => {
  const p = start();
  // /incident demo declares INC-1: its summary (m1) in #inc-1-demo-outage, a link back here (m2),
  // then the run (m3) and its approval request (m4) in the incident channel.
  for (const line of ['/incident demo', ':as bob', ':react m4 white_check_mark', '/rollback', ':as mallory', ':react m4 ✅']) p.send(line);
  expect(await p.end()).toBe(0);
  const posts = p.lines.filter((l) => l.type === 'post');
  expect(posts[0]).toMatchObject({ id: 'm1', channel: 'inc-1-demo-outage', thread: null });
  expect(posts[0]!.text).toContain('INC-1');
  expect(posts[1]).toMatchObject({ id: 'm2', channel: 'incident' });
  expect(posts[1]!.text).toContain('#inc-1-demo-outage');
  expect(posts[2]).toMatchObject({ id: 'm3', channel: 'inc-1-demo-outage', thread: null });
  expect(posts[2]!.text).toContain('Demo outage');
  expect(p.lines.find((l) => l.id === 'm4' && l.approval?.state === 'pending')).toBeTruthy();
  expect(p.lines.filter((l) => l.id === 'm4').at(-1)!.approval).toMatchObject({ state: 'succeeded', step: 2 });
  expect(p.lines.find((l) => l.type === 'notice' && l.user === 'mallory')?.text).toMatch(/already ran and succeeded/);
  expect(await markerLines()).toHaveLength(2);
});

it('kill -9 with a pending approval: after a restart, approving runs the step once', async () => {
  const first = start();
  first.send('/incident demo');
  await first.waitFor((l) => l.approval?.state === 'pending');
  // lines are handled one at a time to completion: once this one is answered, m2 is stored
  first.send(':nosuch');
  await first.waitFor((l) => l.type === 'error');
  await first.kill9();

  const second = start();
  second.send(':as bob');
  second.send(':react m4 ✅');
  await second.waitFor((l) => l.id === 'm4' && l.approval?.state === 'succeeded');
  second.send(':react m4 ✅');
  expect(await second.end()).toBe(0);
  expect(await markerLines()).toEqual([expect.stringMatching(/^start \d+$/), 'end']);
});

it('kill -9 while a gated step runs: after a restart it is interrupted and never re-run', async () => {
  await writeFile(path.join(dir, 'config.yaml'), `exec: { stepEnv: { MARKER_DIR: "${path.join(dir, 'markers')}", STEP_SLEEP: "30" } }\n`);
  const first = start();
  first.send('/incident demo');
  await first.waitFor((l) => l.approval?.state === 'pending');
  first.send(':as bob');
  first.send(':react m4 ✅');
  await first.waitFor((l) => l.approval?.state === 'executing');
  for (let i = 0; i < 100 && (await markerLines()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  const stepPid = Number((await markerLines())[0]!.split(' ')[1]);
  expect(groupAlive(stepPid)).toBe(true);
  await first.kill9();
  // the bot is gone: its step's process group must be gone within 5 s (the watchdog ends it)
  const deadline = Date.now() + 5000;
  while (groupAlive(stepPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(groupAlive(stepPid)).toBe(false);

  const second = start();
  await second.waitFor((l) => l.type === 'post' && /interrupted and will not be re-run/.test(l.text));
  await second.waitFor((l) => l.type === 'post' && /run it again with \/incident demo step:2/.test(l.text));
  await second.waitFor((l) => l.id === 'm4' && l.approval?.state === 'interrupted');
  second.send(':as carol');
  second.send(':react m4 ✅');
  expect(await second.end()).toBe(0);
  expect((await markerLines()).filter((l) => l.startsWith('start'))).toHaveLength(1);
  expect(second.lines.find((l) => l.type === 'notice' && l.user === 'carol')?.text).toMatch(/This request was interrupted by a restart, so your ✅ changed nothing/);
});

const REPLICA_RUNBOOK = `---
id: demo
title: Demo outage
---
## Recovery
\`\`\`sh {approve}
echo run >> "$MARKER_DIR/steps"
\`\`\`
`;

const approvers = Array.from({ length: 50 }, (_, i) => `ap${i}`);

describe('two replicas on PostgreSQL', () => {
  let rdir: string;
  let pg: Awaited<ReturnType<typeof pgTestStore>>;
  const rprocs: ConsoleProcess[] = [];

  beforeAll(async () => {
    rdir = await mkdtemp(path.join(tmpdir(), 'opsbridge-replicas-'));
    await mkdir(path.join(rdir, 'runbooks'));
    await mkdir(path.join(rdir, 'markers'));
    await writeFile(path.join(rdir, 'runbooks', 'demo.md'), REPLICA_RUNBOOK);
    const users = ['alice: [oncall]', ...approvers.map((u) => `${u}: [approver]`)].join(', ');
    await writeFile(path.join(rdir, 'config.yaml'), `exec: { stepEnv: { MARKER_DIR: "${path.join(rdir, 'markers')}" } }\nconsole: { users: { ${users} } }\n`);
    pg = await pgTestStore();
  });

  afterAll(async () => {
    for (const p of rprocs) if (p.child.exitCode === null) await p.kill9();
    await pg?.close();
    await rm(rdir, { recursive: true, force: true });
  });

  it('50 reactions seen by both replicas run the step exactly once', async () => {
    const args = ['--runbooks', path.join(rdir, 'runbooks'), '--config', path.join(rdir, 'config.yaml')];
    const a = startConsole(args, { DATABASE_URL: pg.databaseUrl, OPSBRIDGE_CONSOLE_ID_PREFIX: 'a', OPSBRIDGE_DATA_DIR: path.join(rdir, 'a') });
    const b = startConsole(args, { DATABASE_URL: pg.databaseUrl, OPSBRIDGE_CONSOLE_ID_PREFIX: 'b', OPSBRIDGE_DATA_DIR: path.join(rdir, 'b') });
    rprocs.push(a, b);
    a.send('/incident demo');
    const request = await a.waitFor((l) => l.approval?.state === 'pending');
    for (const user of approvers) {
      for (const replica of [a, b]) {
        replica.send(`:as ${user}`);
        replica.send(`:react ${request.id} ✅`);
      }
    }
    expect(await a.end()).toBe(0);
    expect(await b.end()).toBe(0);
    const file = path.join(rdir, 'markers', 'steps');
    expect(existsSync(file) ? (await readFile(file, 'utf8')).trim().split('\n') : []).toEqual(['run']);
  }, 60_000);
  it('two console processes with the same id numbering never cross-approve: a ✅ on B’s request runs B’s step', async () => {
    const version = (tag: string) => `---\nid: twin\ntitle: Twin\n---\n## Recovery\n\`\`\`sh {approve}\necho ${tag} >> "$MARKER_DIR/twin"\n\`\`\`\n`;
    for (const tag of ['A', 'B']) {
      await mkdir(path.join(rdir, `rb-${tag}`), { recursive: true });
      await writeFile(path.join(rdir, `rb-${tag}`, 'twin.md'), version(tag));
    }
    const proc = (tag: string) => startConsole(['--runbooks', path.join(rdir, `rb-${tag}`), '--config', path.join(rdir, 'config.yaml')], { DATABASE_URL: pg.databaseUrl, OPSBRIDGE_DATA_DIR: path.join(rdir, `d-${tag}`) });
    const a = proc('A');
    const b = proc('B');
    rprocs.push(a, b);
    a.send('/incident twin');
    const reqA = await a.waitFor((l) => l.approval?.state === 'pending');
    b.send('/incident twin');
    const reqB = await b.waitFor((l) => l.approval?.state === 'pending');
    expect(reqB.id).not.toBe(reqA.id);
    b.send(':as ap1');
    b.send(`:react ${reqB.id} ✅`);
    await b.waitFor((l) => l.id === reqB.id && l.approval?.state === 'succeeded');
    expect(await a.end()).toBe(0);
    expect(await b.end()).toBe(0);
    expect((await readFile(path.join(rdir, 'markers', 'twin'), 'utf8')).trim().split('\n')).toEqual(['B']);
  }, 60_000);
});

