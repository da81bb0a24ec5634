/**
 * `opsbridge audit verify [--json] [--config FILE]`: checks the audit log's hash chain in the
 * configured store (OPSBRIDGE_DATA_DIR's SQLite file, or DATABASE_URL) and names the first
 * edited, inserted or deleted event. Exit 0 when intact, 1 when broken, 2 on bad usage or when
 * there is no store there (it never creates one).
 */

import { readConfig } from '../config/read-config.js';
import { auditHead } from '../core/audit/audit-head.js';
import { verifyAuditChain } from '../core/audit/verify-audit.js';
import { isOpsError } from '../core/errors.js';
import { openStore } from '../store/open-store.js';

export const USAGE = 'usage: opsbridge audit verify [--json] [--config FILE]';

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (sub !== 'verify') {
    process.stderr.write(`${sub ? `opsbridge audit: unknown subcommand "${sub}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  let json = false;
  let configFile: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--config' || arg.startsWith('--config=')) {
      configFile = arg === '--config' ? rest[++i] : arg.slice('--config='.length);
      if (!configFile) return usageError('--config needs a file');
    } else return usageError(`unknown option "${arg}"`);
  }

  const config = await readConfig(process.env, configFile);
  let store;
  try {
    store = await openStore({ dataDir: config.dataDir, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), mustExist: true });
  } catch (err) {
    // Nothing to verify is not "intact": say where we looked, create nothing, exit 2.
    if (isOpsError(err) && err.code === 'STORE_MISSING') {
      process.stderr.write(`opsbridge audit verify: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    const result = await verifyAuditChain(store.db);
    if (json) {
      // {ok, events, head: {seq, hash}}: an export's head hash can be looked up in the chain later.
      const { events, head } = await auditHead(store.db);
      process.stdout.write(`${JSON.stringify({ ...result, events, head, store: store.location })}\n`);
    } else if (result.ok) {
      const { head } = await auditHead(store.db);
      process.stdout.write(`audit chain intact: ${result.count} events (${store.location})${head ? `; head ${head.seq} ${head.hash}` : ''}\n`);
    } else {
      process.stdout.write(`audit chain BROKEN at event ${result.seq} (${result.problem}): ${result.message}\n`);
    }
    return result.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

function usageError(problem: string): number {
  process.stderr.write(`opsbridge audit verify: ${problem}\n${USAGE}\n`);
  return 2;
}
