/**
 * The fake gateway: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACKs, dispatches with
 * sequence numbers, op 7 RECONNECT, dropped connections and RESUME (replaying what the client
 * missed, then RESUMED), or INVALID_SESSION when the session is unknown. Events dispatched while
 * no client is connected are kept for the resume, as Discord does.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

import { snowflake } from './snowflake.js';
import type { FakeState } from './state.js';

interface Payload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

interface Session {
  id: string;
  seq: number;
  log: { s: number; t: string; d: unknown }[];
}

export class FakeGateway extends EventEmitter {
  private wss = new WebSocketServer({ noServer: true });
  private socket: WebSocket | null = null;
  private session: Session | null = null;
  /** ops received from the client, in order (tests assert RESUME vs IDENTIFY) */
  readonly received: Payload[] = [];
  identifies = 0;
  resumes = 0;

  constructor(
    private state: FakeState,
    private url: () => string,
    private heartbeatIntervalMs: number,
  ) {
    super();
  }

  get connected(): boolean {
    return this.socket !== null;
  }

  handleUpgrade(req: IncomingMessage, sock: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, sock, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.socket?.terminate();
    this.socket = ws;
    ws.on('message', (raw) => this.onMessage(ws, raw.toString()));
    ws.on('close', () => {
      if (this.socket === ws) {
        this.socket = null;
        this.emit('disconnected');
      }
    });
    ws.on('error', () => undefined);
    this.send(ws, { op: 10, d: { heartbeat_interval: this.heartbeatIntervalMs } });
  }

  private onMessage(ws: WebSocket, text: string): void {
    let p: Payload;
    try {
      p = JSON.parse(text) as Payload;
    } catch {
      ws.close(4002, 'Decode error');
      return;
    }
    this.received.push(p);
    switch (p.op) {
      case 1:
        this.send(ws, { op: 11 });
        break;
      case 2:
        this.identify(ws);
        break;
      case 6:
        this.resume(ws, p.d as { session_id: string; seq: number });
        break;
      default:
        break; // presence updates etc.: accepted, ignored
    }
  }

  private identify(ws: WebSocket): void {
    this.identifies++;
    this.session = { id: snowflake(), seq: 0, log: [] };
    const threads = [...this.state.channels.values()].filter((c) => c.type === 11);
    this.dispatch('READY', {
      v: 10,
      user: this.state.botUser,
      guilds: [{ id: this.state.guildId, unavailable: true }],
      session_id: this.session.id,
      resume_gateway_url: this.url(),
      shard: [0, 1],
      application: { id: this.state.applicationId, flags: 0 },
    });
    this.dispatch('GUILD_CREATE', this.state.guildJson(threads));
    this.emit('identified');
    void ws;
  }

  private resume(ws: WebSocket, d: { session_id: string; seq: number }): void {
    if (!this.session || d.session_id !== this.session.id) {
      this.send(ws, { op: 9, d: false });
      return;
    }
    this.resumes++;
    for (const e of this.session.log.filter((x) => x.s > d.seq)) this.send(ws, { op: 0, s: e.s, t: e.t, d: e.d });
    this.dispatch('RESUMED', null);
    this.emit('resumed');
  }

  /** send a dispatch now, or keep it for the resume when nobody is connected */
  dispatch(t: string, d: unknown): void {
    if (!this.session) throw new Error(`fake gateway: no session to dispatch ${t} on (client not identified)`);
    const s = ++this.session.seq;
    this.session.log.push({ s, t, d });
    if (this.socket) this.send(this.socket, { op: 0, s, t, d });
  }

  /** op 7: the client must reconnect and resume */
  requestReconnect(): void {
    if (this.socket) this.send(this.socket, { op: 7, d: null });
  }

  /** a network failure: no close frame, the client sees 1006 and resumes */
  dropConnection(): void {
    this.socket?.terminate();
    this.socket = null;
    this.emit('disconnected');
  }

  /** forget the session so the next RESUME is refused and the client re-identifies */
  invalidateSession(): void {
    this.session = null;
  }

  waitFor(event: 'identified' | 'resumed' | 'disconnected'): Promise<void> {
    return new Promise((resolve) => this.once(event, () => resolve()));
  }

  private send(ws: WebSocket, p: Payload): void {
    ws.send(JSON.stringify({ s: null, t: null, ...p }));
  }

  close(): void {
    this.socket?.terminate();
    this.wss.close();
  }
}
