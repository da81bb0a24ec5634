/**
 * CommandSpec → Discord application command JSON. Options come from the spec's zod object
 * schema: positional names first (in order), then the other keys; string → STRING (3), integer
 * number → INTEGER (4), other numbers → NUMBER (10), boolean → BOOLEAN (5), enum → STRING with
 * choices. Optional/default fields are not required. Discord wants required options first.
 */
import { ApplicationCommandOptionType, type APIApplicationCommandBasicOption, type RESTPutAPIApplicationCommandsJSONBody } from 'discord.js';
import * as z from 'zod';

import type { CommandSpec } from '../../core/commands/define-command.js';
import { OpsError } from '../../core/errors.js';

type Body = RESTPutAPIApplicationCommandsJSONBody[number];

export function toDiscordCommand(spec: CommandSpec): Body {
  const shape = objectShape(spec.options);
  const names = [...(spec.positional ?? []), ...Object.keys(shape).filter((k) => !(spec.positional ?? []).includes(k))];
  const options = names.map((name) => toOption(spec.name, name, shape[name]));
  options.sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  if (options.length > 25) throw new OpsError('DISCORD_COMMAND_INVALID', `/${spec.name}: Discord allows 25 options, the spec has ${options.length}`);
  return { name: spec.name, description: spec.description.slice(0, 100), type: 1, ...(options.length ? { options } : {}) } as Body;
}

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (!schema) return {};
  let s: z.ZodType = schema;
  while (!(s instanceof z.ZodObject)) {
    const def = (s as unknown as { def: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    const next = def.innerType ?? def.in; // optional/default wrappers, pipes/transforms
    if (!next) return {};
    s = next;
  }
  return s.shape as Record<string, z.ZodType>;
}

function toOption(command: string, name: string, field: z.ZodType | undefined): APIApplicationCommandBasicOption {
  if (!/^[-_\p{Ll}\p{N}]{1,32}$/u.test(name)) {
    throw new OpsError('DISCORD_COMMAND_INVALID', `/${command}: option "${name}" must be 1-32 lower-case letters, digits, - or _ for Discord`);
  }
  // A positional without a schema entry is a required free-text string.
  if (!field) return { name, description: name, type: ApplicationCommandOptionType.String, required: true };
  const required = !field.safeParse(undefined).success;
  const description = (field.description ?? findDescription(field) ?? name).slice(0, 100);
  const inner = unwrap(field);
  const def = (inner as unknown as { def: { type: string } }).def;
  const base = { name, description, required };
  switch (def.type) {
    case 'number': {
      const n = inner as z.ZodNumber;
      const integer = n.format === 'safeint' || n.format === 'int32' || n.isInt === true;
      return integer ? { ...base, type: ApplicationCommandOptionType.Integer } : { ...base, type: ApplicationCommandOptionType.Number };
    }
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'enum': {
      const values = (inner as z.ZodEnum).options.map(String);
      return { ...base, type: ApplicationCommandOptionType.String, choices: values.slice(0, 25).map((v) => ({ name: v, value: v })) };
    }
    case 'literal': {
      const values = [...(inner as z.ZodLiteral).values].map(String);
      return { ...base, type: ApplicationCommandOptionType.String, choices: values.map((v) => ({ name: v, value: v })) };
    }
    default:
      return { ...base, type: ApplicationCommandOptionType.String };
  }
}

/** optional/default/nullable/pipe wrappers → the schema that says what the value is */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const def = (cur as unknown as { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType } }).def;
    if (def.innerType) cur = def.innerType;
    else if (def.type === 'pipe' && def.in) cur = def.in.constructor.name === 'ZodTransform' && def.out ? def.out : def.in;
    else break;
  }
  return cur;
}

function findDescription(s: z.ZodType): string | undefined {
  let cur: z.ZodType | undefined = s;
  for (let i = 0; cur && i < 10; i++) {
    if (cur.description) return cur.description;
    cur = (cur as unknown as { def: { innerType?: z.ZodType } }).def.innerType;
  }
  return undefined;
}
