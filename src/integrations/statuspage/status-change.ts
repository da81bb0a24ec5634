/**
 * A requested status change, validated. It is the approval payload: stored until approved and
 * applied by the executor, possibly after a restart, so it is checked again when applied.
 */
import * as z from 'zod';

import { componentStatusSchema, impactSchema, incidentStatusSchema, MAX_INCIDENT_NAME_CHARS, MAX_MESSAGE_CHARS } from './states.js';

const message = z
  .string()
  .trim()
  .max(MAX_MESSAGE_CHARS, `the message is too long: keep it to ${MAX_MESSAGE_CHARS} characters (it is shown on a public page)`);
const required = (what: string) => message.min(1, `${what} needs a message for the public page`);

export const statusChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('component'), component: z.string().min(1).max(100), status: componentStatusSchema, message: message.optional() }),
  z.object({
    type: z.literal('incident-open'),
    name: z.string().trim().min(1, 'the incident needs a title').max(MAX_INCIDENT_NAME_CHARS, `the incident title is too long: keep it to ${MAX_INCIDENT_NAME_CHARS} characters`),
    status: incidentStatusSchema.exclude(['resolved']),
    impact: impactSchema,
    body: required('opening an incident'),
    components: z.array(z.string().min(1)).max(50),
  }),
  z.object({ type: z.literal('incident-update'), incidentId: z.string().min(1).max(40), status: incidentStatusSchema, body: required('an incident update') }),
  z.object({ type: z.literal('incident-resolve'), incidentId: z.string().min(1).max(40), body: required('resolving an incident') }),
]);

export type StatusChange = z.infer<typeof statusChangeSchema>;
