// The start-up baseline: the least a bot with a SQLite store and an HTTP health check must do.
// Opens (and creates) a better-sqlite3 file, then answers every HTTP request with 200.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';

const [dir, port] = process.argv.slice(2);
mkdirSync(dir, { recursive: true });
const db = new Database(path.join(dir, 'bare.sqlite'));
db.pragma('journal_mode = WAL');
db.prepare('select 1').get();
createServer((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')).listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
