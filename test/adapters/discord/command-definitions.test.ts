import { describe, expect, it } from 'vitest';
import * as z from 'zod';

import { toDiscordCommand } from '../../../src/adapters/discord/command-definitions.js';
import { defineCommand } from '../../../src/core/commands/define-command.js';

describe('toDiscordCommand', () => {
  it('maps zod options: string, integer, number, boolean, enum choices, required first', () => {
    const spec = defineCommand({
      name: 'status',
      description: 'Post a status update',
      positional: ['message'],
      options: z.object({
        component: z.enum(['API', 'Dashboard']).optional(),
        message: z.string().min(1).describe('what the public sees'),
        minutes: z.coerce.number().int().positive().optional(),
        ratio: z.number().optional(),
        dry: z.boolean().default(false),
      }),
      handler: async () => undefined,
    });
    expect(toDiscordCommand(spec)).toEqual({
      name: 'status',
      description: 'Post a status update',
      type: 1,
      options: [
        { name: 'message', description: 'what the public sees', type: 3, required: true },
        { name: 'component', description: 'component', type: 3, required: false, choices: [{ name: 'API', value: 'API' }, { name: 'Dashboard', value: 'Dashboard' }] },
        { name: 'minutes', description: 'minutes', type: 4, required: false },
        { name: 'ratio', description: 'ratio', type: 10, required: false },
        { name: 'dry', description: 'dry', type: 5, required: false },
      ],
    });
  });

  it('maps an /incident-style spec (catchall params, coerced integer): topic required string, step optional integer', () => {
    const incident = defineCommand({
      name: 'incident',
      description: 'Open a runbook here',
      positional: ['topic'],
      options: z.object({ topic: z.string({ error: 'name a runbook' }).min(1).max(64), step: z.coerce.number().int().positive().max(1000).optional() }).catchall(z.string().max(256)),
      handler: async () => undefined,
    });
    expect((toDiscordCommand(incident) as { options?: unknown }).options).toEqual([
      { name: 'topic', description: 'topic', type: 3, required: true },
      { name: 'step', description: 'step', type: 4, required: false },
    ]);
  });

  it('refuses option names Discord would reject', () => {
    const spec = defineCommand({ name: 'x', description: 'x', options: z.object({ Version: z.string() }), handler: async () => undefined });
    expect(() => toDiscordCommand(spec)).toThrow(/"Version" must be 1-32 lower-case/);
  });
});
