/**
 * The incident subcommands of /incident. These words take precedence over runbook ids (the lint
 * refuses a runbook id or alias that collides with one). Refusals are OpsErrors: the dispatcher
 * answers them privately and audits them; nothing changes.
 */
import type { CommandContext } from '../../commands/define-command.js';
import { OpsError } from '../../errors.js';
import { closest } from '../../runbook/edit-distance.js';
import type { IncidentDesk } from '../incident-desk.js';
import type { IncidentService } from '../incident-service.js';
import { parseRole, parseStatus, type Incident } from '../model.js';
import { listMessage, timelineMessage } from './render-lists.js';
import { resolvePerson } from './mentions.js';
import { postPostmortem } from './post-postmortem.js';
import { splitSubcommand, subcommandOf, SUBCOMMANDS, type Subcommand } from './split-subcommand.js';

export const SUBCOMMAND_USAGE = [
  '/incident declare <title> [sev:0-4]',
  '/incident sev <0-4>',
  '/incident status <investigating|identified|monitoring|resolved> [message]',
  '/incident lead @user',
  '/incident role <commander|scribe|comms> @user',
  '/incident note <text>',
  '/incident followup <text>',
  '/incident resolve [summary]',
  '/incident cancel [reason]',
  '/incident timeline',
  '/incident postmortem',
  '/incident page [reason]',
].join('\n');

interface Ctx {
  ctx: CommandContext;
  desk: IncidentDesk;
  service: IncidentService;
  rest: string;
}

/** Handles `/incident <subcommand> ...`; false when the first word is not a subcommand (a runbook topic). */
export async function routeIncidentSubcommand(ctx: CommandContext): Promise<boolean> {
  const { word, rest } = splitSubcommand(ctx.invocation.args);
  const sub = subcommandOf(word);
  const desk = ctx.services.incidentDesk;
  const service = ctx.services.incidents;
  if (!sub || !desk || !service) return false;
  await HANDLERS[sub]({ ctx, desk, service, rest });
  return true;
}

/** For an unknown topic: a near miss of a subcommand is named, with the list. */
export function subcommandHint(word: string): string | undefined {
  const near = closest(word.toLowerCase(), SUBCOMMANDS, 2);
  return near.length ? `Did you mean /incident ${near[0]}? Subcommands: ${SUBCOMMANDS.join(', ')}.` : undefined;
}

const actorOf = (ctx: CommandContext) => ({ platform: ctx.invocation.actor.platform, id: ctx.invocation.actor.id, name: ctx.invocation.actor.name });

/** `INC-3 …` names the incident; otherwise it is the one whose channel this is. */
async function target(c: Ctx, what: string): Promise<{ incident: Incident; rest: string }> {
  const m = /^(INC-\d+)\b\s*([\s\S]*)$/i.exec(c.rest);
  if (m) return { incident: await c.service.get(m[1]!), rest: m[2]!.trim() };
  const incident = await c.desk.inChannel(c.ctx.invocation.channel, c.ctx.invocation.thread);
  if (incident) return { incident, rest: c.rest };
  const open = (await c.service.list({ open: true })).slice(-5);
  const hint = open.length ? ` Open incidents: ${open.map((i) => `${i.ref}${i.channel?.name ? ` (#${i.channel.name})` : ''}`).join(', ')}.` : ' There are no open incidents.';
  throw new OpsError('NOT_IN_INCIDENT', `This is not an incident channel. Run /incident ${what} in the incident's channel, or name it: /incident ${what} INC-<n> ….${hint}`);
}

async function announce(c: Ctx, incident: Incident, text: string): Promise<void> {
  await c.desk.say(incident, { blocks: [{ type: 'text', text }] });
}

const HANDLERS: Record<Subcommand, (c: Ctx) => Promise<void>> = {
  async declare(c) {
    const sev = /(?:^|\s)sev(?:erity)?:(\S*)/i.exec(c.rest);
    const title = (sev ? c.rest.replace(sev[0], ' ') : c.rest).trim();
    // The origin channel gets the link (or hosts the thread); nothing else to say.
    await c.desk.declare({ title, ...(sev ? { severity: sev[1]! } : {}), actor: actorOf(c.ctx), origin: c.ctx.invocation.channel, source: 'chat' });
  },
  async sev(c) {
    const { incident, rest } = await target(c, 'sev');
    if (!rest) throw new OpsError('BAD_SEVERITY', `${incident.ref} is ${incident.severity}. To change it: /incident sev <0-4>`);
    const next = await c.service.setSeverity(incident.id, rest.split(/\s+/)[0]!.replace(/^sev:/i, ''), actorOf(c.ctx));
    await announce(c, next, `${c.ctx.invocation.actor.name} changed the severity of ${next.ref}: ${incident.severity} → ${next.severity}.`);
  },
  async status(c) {
    const { incident, rest } = await target(c, 'status');
    const [word, ...message] = rest.split(/\s+/);
    if (!word) throw new OpsError('BAD_STATUS', `${incident.ref} is ${incident.status}. To change it: /incident status <investigating|identified|monitoring|resolved> [message]`);
    const status = parseStatus(word);
    const next = await c.service.setStatus(incident.id, status, actorOf(c.ctx), message.join(' ') || undefined);
    if (status !== 'resolved' && status !== 'cancelled') await announce(c, next, `${c.ctx.invocation.actor.name} set ${next.ref} to ${next.status}${message.length ? `: ${message.join(' ')}` : ''}.`);
    else await announceClosed(c, next);
  },
  async lead(c) {
    const { incident, rest } = await target(c, 'lead');
    await assign(c, incident, 'commander', rest.split(/\s+/)[0]);
  },
  async role(c) {
    const { incident, rest } = await target(c, 'role');
    const [role, who] = rest.split(/\s+/);
    if (!role) throw new OpsError('BAD_ROLE', 'Say which role and who: /incident role <commander|scribe|comms> @user (or me)');
    await assign(c, incident, parseRole(role), who);
  },
  async note(c) {
    const { incident, rest } = await target(c, 'note');
    await c.service.note(incident.id, rest, actorOf(c.ctx));
    await c.ctx.notify(`Noted on ${incident.ref}'s timeline.`);
  },
  async followup(c) {
    const { incident, rest } = await target(c, 'followup');
    await c.service.followup(incident.id, rest, actorOf(c.ctx));
    await c.ctx.notify(`Follow-up recorded for ${incident.ref}; it will be in the postmortem.`);
  },
  async resolve(c) {
    const { incident, rest } = await target(c, 'resolve');
    await announceClosed(c, await c.service.resolve(incident.id, actorOf(c.ctx), rest || undefined));
  },
  async cancel(c) {
    const { incident, rest } = await target(c, 'cancel');
    await announceClosed(c, await c.service.cancel(incident.id, actorOf(c.ctx), rest || undefined));
  },
  async timeline(c) {
    const { incident } = await target(c, 'timeline');
    await c.desk.say(incident, timelineMessage(incident, await c.service.timeline(incident.id)));
  },
  async postmortem(c) {
    const { incident } = await target(c, 'postmortem');
    await postPostmortem(c.ctx.services, c.desk, incident);
  },
  async page(c) {
    const { incident, rest } = await target(c, 'page');
    const paging = c.ctx.services.paging;
    if (!paging) throw new OpsError('PAGING_OFF', 'Paging is not set up: configure paging.pagerduty.routingKey or paging.webhooks, then try again.');
    const said = await paging.page(incident.id, rest || `paged from chat by ${c.ctx.invocation.actor.name}`);
    await announce(c, incident, said);
  },
  async list(c) {
    await c.ctx.post(listMessage(await c.service.list({ open: true }), c.ctx.services.clock.now()));
  },
};

async function assign(c: Ctx, incident: Incident, role: 'commander' | 'scribe' | 'comms', who: string | undefined): Promise<void> {
  const person = await resolvePerson(who, c.ctx.invocation.actor, c.desk.port(c.ctx.invocation.platform));
  const next = await c.service.assignRole(incident.id, role, person, actorOf(c.ctx));
  await announce(c, next, `${person.name} is now the ${role} of ${next.ref} (set by ${c.ctx.invocation.actor.name}).`);
}

async function announceClosed(c: Ctx, incident: Incident): Promise<void> {
  const verb = incident.status === 'resolved' ? '✅ resolved' : '⚪ cancelled';
  const took = Date.parse(incident.resolvedAt ?? incident.cancelledAt ?? incident.updatedAt) - Date.parse(incident.declaredAt);
  const mins = Math.max(1, Math.round(took / 60_000));
  await announce(c, incident, `${c.ctx.invocation.actor.name} ${verb} ${incident.ref} after ${mins} min${incident.summary ? `: ${incident.summary}` : ''}.${incident.status === 'resolved' ? ' /incident postmortem drafts the write-up.' : ''}`);
}
