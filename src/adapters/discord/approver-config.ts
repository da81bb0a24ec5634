/**
 * Who may approve on Discord, from the config: role ids and user ids (snowflakes), never names.
 * A name here is refused at startup with how to find the id, because a role name grants nothing
 * (anyone with Manage Roles can create a role called "approver").
 */
import type { Config } from '../../config/schema.js';
import { OpsError } from '../../core/errors.js';

const SNOWFLAKE = /^\d{17,20}$/;

const HOW_TO_FIND =
  'In Discord turn on Settings → Advanced → Developer Mode, then right-click the role (Server Settings → Roles) or the user and choose "Copy ID".';

export function discordApprovers(config: Pick<Config['discord'], 'approverRoles' | 'approverUsers'>): { roles: string[]; users: string[] } {
  const bad = [
    ...config.approverRoles.filter((r) => !SNOWFLAKE.test(r)).map((r) => `discord.approverRoles (DISCORD_APPROVER_ROLES): "${r}" is not a role id`),
    ...(config.approverUsers ?? []).filter((u) => !SNOWFLAKE.test(u)).map((u) => `discord.approverUsers (DISCORD_APPROVER_USERS): "${u}" is not a user id`),
  ];
  if (bad.length) {
    throw new OpsError('CONFIG_INVALID', `${bad.join('\n')}\nApprovers are matched by id (a 17–20 digit number), never by name. ${HOW_TO_FIND}`);
  }
  return { roles: [...config.approverRoles], users: [...(config.approverUsers ?? [])] };
}
