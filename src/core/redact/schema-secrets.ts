/**
 * Which config values are secrets is declared in the config schema itself: a field (or a record
 * or list of them) carries `.meta({ secret: true })`. This walks the schema alongside a parsed
 * config and returns every value at a secret field, so a new secret setting is masked the moment
 * it is declared, with no second list to keep in step.
 */
import type { z } from 'zod';

export interface FoundSecret {
  path: string;
  value: string;
}

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  in?: AnySchema;
  out?: AnySchema;
}

const def = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const isSecret = (s: AnySchema): boolean => (s.meta() as { secret?: boolean } | undefined)?.secret === true;

export function schemaSecrets(schema: AnySchema, value: unknown): FoundSecret[] {
  const found: FoundSecret[] = [];
  walk(schema, value, '', false, found);
  return found;
}

function walk(schema: AnySchema, value: unknown, path: string, secret: boolean, found: FoundSecret[]): void {
  if (value === undefined || value === null) return;
  const inSecret = secret || isSecret(schema);
  const d = def(schema);
  switch (d.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return walk(d.innerType!, value, path, inSecret, found);
    case 'pipe':
      return walk(d.in!, value, path, inSecret, found);
    case 'object':
      if (typeof value !== 'object') return;
      for (const [key, child] of Object.entries(d.shape ?? {})) walk(child, (value as Record<string, unknown>)[key], join(path, key), inSecret, found);
      return;
    case 'record':
      if (typeof value !== 'object') return;
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) walk(d.valueType!, v, join(path, key), inSecret, found);
      return;
    case 'array':
      if (!Array.isArray(value)) return;
      value.forEach((v, i) => walk(d.element!, v, `${path}[${i}]`, inSecret, found));
      return;
    case 'union':
      // every option sees the value; a value found twice is registered once
      for (const option of d.options ?? []) walk(option, value, path, inSecret, found);
      return;
    default:
      if (inSecret && typeof value === 'string') found.push({ path, value });
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
