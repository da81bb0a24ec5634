/**
 * Pages out on a running bot: every incident timeline event reaches the paging runtime (webhooks,
 * PagerDuty), pages are written back onto the timeline, and `/incident page` reaches it through
 * services.paging.
 */
import type { CoreBot } from '../../core/bot.js';
import type { Incident } from '../../core/incidents/model.js';
import type { Services } from '../../core/services.js';
import { PagingRuntime, type PagingIncident } from './paging-runtime.js';

/** A link that opens the incident channel for whoever is paged: Slack's app_redirect, Discord's channel URL. */
export function channelUrl(i: Incident, discordGuildId?: string): string | undefined {
  if (!i.channel) return undefined;
  if (i.platform === 'slack') return `https://slack.com/app_redirect?channel=${encodeURIComponent(i.channel.id)}`;
  if (i.platform === 'discord' && discordGuildId) return `https://discord.com/channels/${discordGuildId}/${i.channel.thread ?? i.channel.id}`;
  return undefined;
}

export function toPagingIncident(i: Incident, discordGuildId?: string): PagingIncident {
  const url = channelUrl(i, discordGuildId);
  return { id: i.id, ref: i.ref, title: i.title, severity: i.severity, status: i.status, platform: i.platform, channel: i.channel, ...(i.channel?.name ? { channelName: i.channel.name } : {}), ...(url ? { channelUrl: url } : {}), runbooks: i.runbooks };
}

export function wirePaging(bot: CoreBot, services: Services): PagingRuntime {
  const actor = { platform: 'opsbridge', id: 'opsbridge', name: 'opsbridge' };
  const runtime = new PagingRuntime({
    db: services.store.db,
    clock: services.clock,
    fetch: services.fetch,
    config: services.config.paging,
    logger: services.logger,
    timeline: async (incidentId, type, text, data) => void (await bot.incidents.event(incidentId, { type, actor, text, data })),
  });
  bot.incidents.onEvents(async (incident, events) => {
    // A paging problem must never fail the change that produced the event.
    await runtime.onEvents(toPagingIncident(incident, services.config.discord.guildId), events).catch((err: unknown) => services.logger.error({ err, incident: incident.ref }, 'paging could not queue deliveries'));
  });
  services.paging = {
    page: async (refOrId, reason) => runtime.page(toPagingIncident(await bot.incidents.get(refOrId), services.config.discord.guildId), reason),
  };
  return runtime;
}
