/**
 * Who may approve on Slack, from the config: user-group ids (S…) and user ids (U…/W…), never
 * names. A display name is editable by its owner, so a name here is refused at startup with how
 * to find the id.
 */
import type { Config } from '../../config/schema.js';
import { OpsError } from '../../core/errors.js';

export const SLACK_GROUP_ID = /^S[A-Z0-9]{2,}$/;
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function slackApprovers(config: Pick<Config['slack'], 'approverGroups' | 'approverUsers'>): { roles: string[]; users: string[] } {
  const bad = [
    ...config.approverGroups
      .filter((g) => !SLACK_GROUP_ID.test(g))
      .map((g) => `slack.approverGroups (SLACK_APPROVER_GROUPS): "${g}" is not a user-group id (like S0123ABCD). Find it in Slack under People → User groups: open the group; the id is the last part of the page address (or call usergroups.list).`),
    ...config.approverUsers
      .filter((u) => !SLACK_USER_ID.test(u))
      .map((u) => `slack.approverUsers (SLACK_APPROVER_USERS): "${u}" is not a user id (like U0123ABCD). Find it in Slack: open the person's profile, ⋮ More → Copy member ID.`),
  ];
  if (bad.length) throw new OpsError('CONFIG_INVALID', `${bad.join('\n')}\nApprovers are matched by id, never by name.`);
  return { roles: [...config.approverGroups], users: [...config.approverUsers] };
}
