/**
 * Storm control. Past alerts.maxIncidentsPerMinute new alert incidents, further groups open no
 * incident by themselves: they are listed in one "alert storm" message in the alerts channel,
 * each with a Declare button, so a flapping network does not bury on-call under channels, and
 * nothing is lost. A storm message lists at most MAX_PER_MESSAGE groups; then a new one starts.
 */
import { randomUUID } from 'node:crypto';
import type { Action, ChannelRef } from '../../core/chat.js';
import { iso, type Clock } from '../../core/clock.js';
import type { Message } from '../../core/message.js';
import type { Poster } from '../../core/poster.js';
import type { Db } from '../../store/schema.js';
import type { GroupRow } from './alert-groups.js';

export const MAX_PER_MESSAGE = 20;
export const DECLARE_ACTION = 'alert-declare-';
const WINDOW_MS = 60_000;

export class AlertStorm {
  constructor(
    private readonly db: Db,
    private readonly poster: Poster,
    private readonly clock: Clock,
    private readonly maxPerMinute: number,
  ) {}

  windowStart(): number {
    return this.clock.now() - WINDOW_MS;
  }

  get limit(): number {
    return this.maxPerMinute;
  }

  /** The group id a Declare button names, if the action is one. */
  static declaredGroup(action: Action): string | undefined {
    return action.actionId.startsWith(DECLARE_ACTION) ? action.actionId.slice(DECLARE_ACTION.length) : undefined;
  }

  /** Puts a held group on the current storm message (or a new one) in `channel`. */
  async hold(groupIdValue: string, channel: ChannelRef): Promise<void> {
    const at = iso(this.clock.now());
    const current = await this.db
      .selectFrom('alert_storms')
      .selectAll()
      .where('platform', '=', channel.platform)
      .where('channel_id', '=', channel.id)
      .where('updated_at', '>=', iso(this.windowStart() - 9 * WINDOW_MS))
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const count = current
      ? Number((await this.db.selectFrom('alert_groups').select((eb) => eb.fn.countAll<number>().as('n')).where('storm_id', '=', current.id).executeTakeFirst())?.n ?? 0)
      : 0;
    let stormId = current && count < MAX_PER_MESSAGE ? current.id : undefined;
    if (!stormId) {
      stormId = randomUUID();
      await this.db.insertInto('alert_storms').values({ id: stormId, platform: channel.platform, channel_id: channel.id, message_id: null, created_at: at, updated_at: at }).execute();
    }
    await this.db.updateTable('alert_groups').set({ storm_id: stormId, updated_at: at }).where('id', '=', groupIdValue).execute();
    await this.refresh(stormId);
  }

  /** Re-renders a storm message (after a group was added, declared or changed). */
  async refresh(stormId: string | null): Promise<void> {
    if (!stormId) return;
    const storm = await this.db.selectFrom('alert_storms').selectAll().where('id', '=', stormId).executeTakeFirst();
    if (!storm) return;
    const groups = await this.db.selectFrom('alert_groups').selectAll().where('storm_id', '=', stormId).orderBy('created_at').execute();
    const refs = new Map<string, string>();
    for (const g of groups) {
      if (!g.incident_id) continue;
      const inc = await this.db.selectFrom('incidents').select('ref').where('id', '=', g.incident_id).executeTakeFirst();
      if (inc) refs.set(g.id, inc.ref);
    }
    const message = renderStorm(groups, refs, this.maxPerMinute);
    const channel: ChannelRef = { platform: storm.platform, id: storm.channel_id };
    await this.db.updateTable('alert_storms').set({ updated_at: iso(this.clock.now()) }).where('id', '=', stormId).execute();
    if (storm.message_id) {
      // Not awaited: the poster coalesces edits (one a second), and alert processing must not wait for that.
      void this.poster.update({ channel, id: storm.message_id }, message).catch(() => undefined);
      return;
    }
    const posted = await this.poster.post(channel, message);
    await this.db.updateTable('alert_storms').set({ message_id: posted.id }).where('id', '=', stormId).execute();
  }
}

export function renderStorm(groups: GroupRow[], refs: Map<string, string>, limit: number): Message {
  const lines = groups.map((g, i) => {
    const what = `${i + 1}. ${g.title} · ${g.severity}${g.runbook_id ? ` · runbook ${g.runbook_id}` : ' · no runbook matched'}`;
    const ref = refs.get(g.id);
    return ref ? `${what} → declared as ${ref}` : what;
  });
  const waiting = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.state === 'held');
  return {
    blocks: [
      { type: 'header', text: `⚠️ Alert storm: more than ${limit} new incidents in a minute` },
      {
        type: 'text',
        text: `These alert groups did not open incidents by themselves, so this channel is not flooded. Nothing is lost: ${
          waiting.length ? 'press Declare to open one; its runbook runs then.' : 'every one of them has been declared.'
        }`,
      },
      // Titles come from alert labels: a code block shows them verbatim, with no mention or markdown.
      { type: 'code', text: lines.join('\n').replace(/`/g, '\u02cb') },
      ...(waiting.length ? [{ type: 'buttons' as const, buttons: waiting.map(({ g, i }) => ({ id: `${DECLARE_ACTION}${g.id}`, label: `Declare ${i + 1}` })) }] : []),
    ],
  };
}
