/** `incidents:` in the config: defaults for declared incidents, reminders, who is invited, where channels go. */
import * as z from 'zod';

const SEVERITY = z.enum(['SEV0', 'SEV1', 'SEV2', 'SEV3', 'SEV4']);
// Any duration of 1 s or more, so drills can use seconds.
const reminderDuration = z
  .union([z.number().int(), z.string().regex(/^\d+(s|m|h|d)$/, 'use a duration like 45s, 30m or 4h')])
  .refine((v) => (typeof v === 'number' ? v : durationMs(v)) >= 1000, 'a reminder interval must be at least 1s');

function durationMs(v: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(v)!;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export const DEFAULT_REMINDERS = { SEV0: '30m', SEV1: '30m', SEV2: '1h', default: '4h' } as const;

export const incidentsConfigSchema = z
  .object({
    /** severity of `/incident declare` without sev: and of runbooks without front-matter severity */
    defaultSeverity: SEVERITY.default('SEV2'),
    /** severity → interval without an update before the bot reminds the channel; `default` for the rest */
    reminders: z
      .object({ SEV0: reminderDuration.optional(), SEV1: reminderDuration.optional(), SEV2: reminderDuration.optional(), SEV3: reminderDuration.optional(), SEV4: reminderDuration.optional(), default: reminderDuration.optional() })
      .strict()
      .default({ ...DEFAULT_REMINDERS }),
    /** platform user ids invited to every incident channel, besides the declarer */
    responders: z.object({ slack: z.array(z.string()).default([]), discord: z.array(z.string()).default([]) }).strict().default({ slack: [], discord: [] }),
    slack: z.object({ privateChannels: z.boolean().default(false) }).strict().default({ privateChannels: false }),
    /** Discord: a public thread in `channel`, or (if `category` is set) a text channel under that category */
    discord: z.object({ channel: z.string().optional(), category: z.string().optional() }).strict().default({}),
  })
  .strict();

export type IncidentsConfig = z.infer<typeof incidentsConfigSchema>;
export const DEFAULT_INCIDENTS_CONFIG: IncidentsConfig = incidentsConfigSchema.parse({});
