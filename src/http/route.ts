import type { IncomingMessage, ServerResponse } from 'node:http';

/** A route of the bot's own HTTP server. Integrations (status page, Slack HTTP receiver) add theirs. */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'HEAD';
  /** exact path, or a prefix ending in '/*' */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}
