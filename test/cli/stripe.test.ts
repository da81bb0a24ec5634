import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { makeEvents } from '../fakes/stripe/events.js';
import { startFakeStripe, type FakeStripe } from '../fakes/stripe/fake-stripe.js';

const BIN = join(import.meta.dirname, '../../bin/opsbridge.js');
let fake: FakeStripe;
let dataDir: string;

beforeEach(async () => {
  fake = await startFakeStripe();
  const now = Math.floor(Date.now() / 1000);
  fake.addEvents(makeEvents({ count: 120, since: now - 3600, until: now - 60 }));
  dataDir = await mkdtemp(join(tmpdir(), 'opsbridge-cli-stripe-'));
});
afterEach(async () => {
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  OPSBRIDGE_DATA_DIR: dataDir,
  STRIPE_SECRET_KEY: 'sk_test_fake',
  STRIPE_API_URL: fake.url,
  STRIPE_WEBHOOK_ENDPOINT: 'we_fake',
  ...extra,
});
const cli = (args: string[], extra?: Record<string, string>) =>
  execa('node', [BIN, 'stripe', 'replay', ...args], { env: env(extra), extendEnv: false, reject: false, stdin: 'ignore' });

// Each child starts tsx from scratch (seconds on a loaded machine): generous timeouts, not timed assertions.
describe('opsbridge stripe replay', { timeout: 120_000 }, () => {
  it('--dry-run --json prints the summary and delivers nothing', async () => {
    const r = await cli(['--since', '2h', '--type', 'invoice.*', '--dry-run', '--json']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.dryRun).toMatchObject({ total: 60, toDeliver: 60, first: { id: 'evt_000001' } });
    expect(out.plan.destination).toEqual({ mode: 'stripe', endpoint: 'we_fake' });
    expect(fake.totalDeliveries()).toBe(0);
  });

  it('refuses without --yes when stdin is not a terminal; --yes replays and is audited with the local user', async () => {
    const refused = await cli(['--since', '2h']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/refusing to replay without confirmation.*pass --yes/);
    expect(refused.stderr).toMatch(/Failed events: 120/);
    expect(fake.totalDeliveries()).toBe(0);

    const ok = await cli(['--since', '2h', '--yes', '--rate', '100']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/Stripe replay finished: 120 delivered, 0 skipped/);
    expect(fake.totalDeliveries()).toBe(120);

    const store = await openStore({ dataDir });
    const audit = await store.db.selectFrom('audit_events').selectAll().orderBy('seq').execute();
    await store.close();
    expect(audit.map((a) => a.action)).toEqual(['stripe.replay.approved', 'stripe.replay.finished']);
    expect(audit[0]).toMatchObject({ actor: `cli:${userInfo().username}`, subject: 'stripe:we_fake' });
    expect(JSON.parse(audit[0]!.data)).toMatchObject({ via: '--yes', toDeliver: 120 });
  });

  it('shows bad input plainly: missing key, retention, unknown endpoint', async () => {
    const noKey = await cli(['--since', '2h', '--yes'], { STRIPE_SECRET_KEY: '' });
    expect(noKey.exitCode).toBe(1);
    expect(noKey.stderr).toMatch(/no Stripe API key: set STRIPE_SECRET_KEY/);
    const old = await cli(['--since', '45d']);
    expect(old.stderr).toMatch(/more than 30 days ago/);
    const unknown = await cli(['--since', '2h', '--yes', '--endpoint', 'we_nope', '--json']);
    expect(unknown.exitCode).toBe(1);
    expect(JSON.parse(unknown.stdout).report.stopped).toMatchObject({ code: 'STRIPE_ENDPOINT_UNKNOWN' });
  });

  it('after a kill -9 mid-replay, a re-run delivers every event exactly once', async () => {
    const child = execa('node', [BIN, 'stripe', 'replay', '--since', '2h', '--yes', '--rate', '30'], { env: env(), extendEnv: false, reject: false, stdin: 'ignore' });
    while (fake.totalDeliveries() < 40) {
      if (child.exitCode !== null) throw new Error(`replay ended early: ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    const killed = await child;
    expect(killed.signal).toBe('SIGKILL');
    const before = fake.totalDeliveries();
    expect(before).toBeLessThan(120);

    const rerun = await cli(['--since', '2h', '--yes', '--rate', '100', '--json']);
    expect(rerun.exitCode).toBe(0);
    const { report } = JSON.parse(rerun.stdout);
    expect(report.skipped + report.delivered).toBe(120);
    expect(report.skipped).toBeGreaterThanOrEqual(before - 8); // at most the in-flight ones were unrecorded
    for (let i = 1; i <= 120; i++) expect(fake.deliveryCount(`evt_${String(i).padStart(6, '0')}`)).toBe(1);
    expect(fake.duplicates()).toBe(0);
  });
});
