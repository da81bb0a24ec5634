/**
 * Runs the CLI with this process's arguments: what bin/opsbridge.js loads from the compiled build
 * (dist/src/cli-run.js), and what `npm run dev` runs from the TypeScript sources through tsx.
 */
import { main } from './cli.js';
import { reduceIdleFootprint } from './cli/idle-footprint.js';

reduceIdleFootprint();
await main(process.argv.slice(2));
