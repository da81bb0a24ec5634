/**
 * The OAuth2 URL that adds the bot to a server with exactly the permissions it uses. Computed from
 * discord.js's own flag bits, each with the reason the bot needs it, so the integer cannot drift
 * from a list someone forgot to update.
 */
import { GatewayIntentBits, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

export const INVITE_SCOPES = ['bot', 'applications.commands'] as const;

export const BOT_PERMISSIONS: { name: keyof typeof PermissionFlagsBits; why: string }[] = [
  { name: 'ViewChannel', why: 'see the channels where commands are used' },
  { name: 'SendMessages', why: 'post runbook steps, approval requests and results' },
  { name: 'EmbedLinks', why: 'runbook steps and approvals are embeds' },
  { name: 'AttachFiles', why: 'postmortem exports are posted as files' },
  { name: 'ReadMessageHistory', why: 'see reactions on its earlier messages after a restart' },
  { name: 'AddReactions', why: 'add the approve/reject reactions approvers click (approval.approveEmoji, approval.rejectEmoji)' },
  { name: 'CreatePublicThreads', why: 'each run gets its own thread' },
  { name: 'SendMessagesInThreads', why: 'post inside those threads' },
  { name: 'ManageThreads', why: 'archive, rename and pin in incident threads' },
  { name: 'ManageChannels', why: 'create a channel for each declared incident' },
  { name: 'PinMessages', why: 'pin the incident summary' },
];

/** The gateway intents the bot connects with; none is privileged. */
export const BOT_INTENTS: { name: keyof typeof GatewayIntentBits; why: string }[] = [
  { name: 'Guilds', why: 'servers, channels, threads and roles (approver roles)' },
  { name: 'GuildMessages', why: 'message events in its channels' },
  { name: 'GuildMessageReactions', why: 'the approve/reject reactions on approval requests' },
];

export function botPermissions(): bigint {
  return PermissionsBitField.resolve(BOT_PERMISSIONS.map((p) => PermissionFlagsBits[p.name]));
}

export function inviteUrl(applicationId: string, guildId?: string): string {
  const url = new URL('https://discord.com/oauth2/authorize');
  url.searchParams.set('client_id', applicationId);
  url.searchParams.set('scope', INVITE_SCOPES.join(' '));
  url.searchParams.set('permissions', botPermissions().toString());
  if (guildId) {
    url.searchParams.set('guild_id', guildId);
    url.searchParams.set('disable_guild_select', 'true');
  }
  // URLSearchParams writes spaces as '+'; Discord's documented form is %20.
  return url.toString().replace(/\+/g, '%20');
}
