/**
 * Tests never touch the internet: any TCP connection to a host other than loopback throws.
 * Every fake server listens on 127.0.0.1, so this blocks only mistakes.
 */
import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

function hostOf(args: unknown[]): string | undefined {
  const [first] = args;
  if (typeof first === 'object' && first !== null) {
    const opts = first as { host?: string; path?: string };
    if (opts.path) return undefined; // unix socket
    return opts.host ?? 'localhost';
  }
  if (typeof first === 'number') return typeof args[1] === 'string' ? args[1] : 'localhost';
  return undefined; // unix socket path
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function patchedConnect(this: net.Socket, ...args: unknown[]) {
  const flat = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const host = hostOf(flat);
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`test tried to reach the network (${host}); tests may only use 127.0.0.1`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
