/**
 * Which platform adapters and extra HTTP routes `opsbridge start` runs, decided by config alone.
 * SDKs are imported only when their adapter is configured.
 */
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ChatAdapter } from '../core/chat.js';
import type { CommandSpec } from '../core/commands/define-command.js';
import type { Services } from '../core/services.js';
import type { HttpRoute } from '../http/route.js';

export async function platformAdapters(config: Config, commands: CommandSpec[], logger: Logger): Promise<{ adapters: ChatAdapter[]; routes: HttpRoute[] }> {
  const adapters: ChatAdapter[] = [];
  const routes: HttpRoute[] = [];
  void config;
  void commands;
  void logger;
  return { adapters, routes };
}

export async function extraRoutes(services: Services): Promise<HttpRoute[]> {
  void services;
  return [];
}
