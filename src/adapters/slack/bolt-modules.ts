/**
 * The parts of Bolt the adapter runs, loaded without Bolt's package entry: that also loads
 * Express, its body parsers and the Lambda receiver, none of which the adapter uses (about 7 MB
 * of RSS, measured). Loaded with require so Node, tsx and vitest all see the same CommonJS
 * exports (their default-import interop for CommonJS differs).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const app = require('@slack/bolt/dist/App.js') as typeof import('@slack/bolt/dist/App.js');
const socketMode = require('@slack/bolt/dist/receivers/SocketModeReceiver.js') as typeof import('@slack/bolt/dist/receivers/SocketModeReceiver.js');
const verify = require('@slack/bolt/dist/receivers/verify-request.js') as typeof import('@slack/bolt/dist/receivers/verify-request.js');

export const App = app.default;
export const LogLevel = app.LogLevel;
export const SocketModeReceiver = socketMode.default;
export const verifySlackRequest = verify.verifySlackRequest;
export type App = InstanceType<typeof App>;
export type SocketModeReceiver = InstanceType<typeof SocketModeReceiver>;
