import type { z } from 'zod';

/** `topic: name a runbook…; step: too big` — zod issues as one sentence for a private answer. */
export const zodProblems = (err: z.ZodError): string => err.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
