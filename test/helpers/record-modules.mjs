// Preload (node --import) that writes every module the process loaded to $OPSBRIDGE_MODULE_LOG at
// exit: ESM URLs from a resolve hook, CommonJS files from the require cache. Tests read it to
// prove which libraries a command loads, without timing anything.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const log = process.env.OPSBRIDGE_MODULE_LOG;
const seen = new Set();
if (log) {
  const { port1, port2 } = new MessageChannel();
  port1.on('message', (url) => seen.add(url));
  port1.unref();
  register('./record-modules-hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
  process.on('exit', () => {
    const cjs = Object.keys(createRequire(import.meta.url).cache);
    appendFileSync(log, [...seen, ...cjs].join('\n') + '\n');
  });
}
