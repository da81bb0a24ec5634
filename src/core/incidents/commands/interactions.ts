/**
 * Reactions and buttons that belong to incidents: 📌 on a message in an incident channel puts it
 * on the timeline (with its author, text and own time; once per message); the claim buttons on
 * the summary and the reminder's buttons.
 */
import type { Action, Reaction } from '../../chat.js';
import { isPinEmoji } from '../../emoji.js';
import type { Services } from '../../services.js';

export async function incidentInteractions(event: { reaction?: Reaction; action?: Action }, services: Services): Promise<boolean> {
  const desk = services.incidentDesk;
  const service = services.incidents;
  if (!desk || !service) return false;
  if (event.action) {
    const { action } = event;
    const notify = (text: string) => desk.notify(action.actor, action.message.channel, text);
    return desk.onButton(action.actionId, action.message, action.actor, notify);
  }
  const reaction = event.reaction;
  if (!reaction || !isPinEmoji(reaction.emoji)) return false;
  const notify = (text: string) => desk.notify(reaction.actor, reaction.message.channel, text);
  const incident = await desk.inChannel(reaction.message.channel, reaction.message.thread ?? reaction.message.id);
  if (!incident) {
    await notify('📌 puts a message on an incident timeline only in that incident’s channel; this channel is not one. Nothing was recorded.');
    return true;
  }
  const info = await desk.port(reaction.message.channel.platform)?.messageInfo?.(reaction.message);
  if (!info) {
    await notify(`I cannot read that message, so it is not on ${incident.ref}'s timeline. Use /incident note <text> instead.`);
    return true;
  }
  const who = { platform: reaction.actor.platform, id: reaction.actor.id, name: reaction.actor.name };
  const result = await service.pin(incident.id, { id: reaction.message.id, author: info.author, text: services.redactor.redact(info.text), at: info.at }, who);
  if (result === 'duplicate') await notify(`That message is already on ${incident.ref}'s timeline.`);
  return true;
}
