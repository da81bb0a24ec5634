/**
 * What a console remembers across restarts and replicas, read from the store: the incident
 * channels, which channel a message id lives in (message ids are unique across channels, so
 * `:react m7 ✅` finds its approval after a restart or on another replica), and the people who
 * have acted on a console (so `/incident lead @dave` finds dave, who typed here yesterday).
 */
import type { Db } from '../../store/schema.js';

export async function consoleChannelNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('incidents').select('channel_id').where('platform', '=', 'console').where('channel_id', 'is not', null).where('thread_id', 'is', null).orderBy('n', 'asc').execute();
  return [...new Set(rows.map((r) => r.channel_id!))];
}

export function consoleMessageLocator(db: Db): (id: string) => Promise<{ channel: string; thread: string | null } | undefined> {
  return async (id) => {
    const approval = await db.selectFrom('approvals').select(['channel_id', 'thread_id']).where('platform', '=', 'console').where('message_id', '=', id).executeTakeFirst();
    if (approval) return { channel: approval.channel_id, thread: approval.thread_id };
    const run = await db.selectFrom('runs').select('channel_id').where('platform', '=', 'console').where('thread_id', '=', id).executeTakeFirst();
    if (run) return { channel: run.channel_id, thread: null };
    const incident = await db.selectFrom('incidents').select(['channel_id', 'thread_id']).where('platform', '=', 'console').where('summary_message_id', '=', id).executeTakeFirst();
    if (incident?.channel_id) return { channel: incident.channel_id, thread: incident.thread_id };
    return undefined;
  };
}

/** Whether someone of that name has acted on a console sharing this store (run, requested, voted, declared, written on a timeline) or holds a role in one of its recent incidents. */
export function consoleUserFinder(db: Db): (name: string) => Promise<boolean> {
  return async (name) => {
    const found = [
      () => db.selectFrom('runs').select('id').where('platform', '=', 'console').where('requester_id', '=', name).limit(1).executeTakeFirst(),
      () => db.selectFrom('approvals').select('id').where('platform', '=', 'console').where('requester_id', '=', name).limit(1).executeTakeFirst(),
      () =>
        db.selectFrom('votes').innerJoin('approvals', 'approvals.id', 'votes.approval_id').select('votes.approval_id as id').where('approvals.platform', '=', 'console').where('votes.voter_id', '=', name).limit(1).executeTakeFirst(),
      () => db.selectFrom('incidents').select('id').where('platform', '=', 'console').where('declared_by_id', '=', name).limit(1).executeTakeFirst(),
      () =>
        db
          .selectFrom('incident_events')
          .innerJoin('incidents', 'incidents.id', 'incident_events.incident_id')
          .select('incident_events.id as id')
          .where('incidents.platform', '=', 'console')
          .where('incident_events.actor_id', '=', name)
          .limit(1)
          .executeTakeFirst(),
    ];
    for (const q of found) if (await q()) return true;
    // Someone given a role (who may never have typed anything yet) is known too.
    const recent = await db.selectFrom('incidents').select('roles').where('platform', '=', 'console').orderBy('n', 'desc').limit(200).execute();
    return recent.some((r) => Object.values(JSON.parse(r.roles) as Record<string, { id?: string } | null>).some((p) => p?.id === name));
  };
}
