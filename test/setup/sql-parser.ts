// In the bot, the runbook loader loads PostgreSQL's parser (wasm) before it classifies SQL
// (src/core/runbook/load-runbooks.ts). Tests that call parseRunbook or classifyBlock directly skip
// the loader, so the parser is loaded for them here; what happens without it is tested in
// test/core/runbook/sql-readonly-lazy.test.ts, in a process of its own.
import { loadPgParser } from '../../src/core/runbook/sql-readonly.js';

await loadPgParser();
