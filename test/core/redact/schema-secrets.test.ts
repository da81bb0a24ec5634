import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { configSchema, SECRET } from '../../../src/config/schema.js';
import { schemaSecrets } from '../../../src/core/redact/schema-secrets.js';

describe('schemaSecrets', () => {
  it('returns the values at fields marked secret, inside objects, records and lists', () => {
    const schema = z.object({
      a: z.string().meta(SECRET).optional(),
      plain: z.string(),
      nested: z.object({ map: z.record(z.string(), z.string().meta(SECRET)).default({}) }),
      list: z.array(z.string()).meta(SECRET),
    });
    const found = schemaSecrets(schema, { a: 'one', plain: 'no', nested: { map: { K: 'two' } }, list: ['three'] });
    expect(found).toEqual([
      { path: 'a', value: 'one' },
      { path: 'nested.map.K', value: 'two' },
      { path: 'list[0]', value: 'three' },
    ]);
  });

  it('every config field whose name says it is a secret is marked secret in the schema', () => {
    // fill every string leaf with its own path, then ask which paths come back as secrets
    const paths: string[] = [];
    const sample = fill(configSchema, '', paths);
    const marked = new Set(schemaSecrets(configSchema, sample).map((f) => f.path));
    const secretLooking = paths.filter((p) => /(token|secret|password|key|dsn|databaseurl)$/i.test(p.split('.').at(-1)!.replace(/\[\d+\]$/, '')));
    expect(secretLooking.length).toBeGreaterThan(5);
    expect(secretLooking.filter((p) => !marked.has(p))).toEqual([]);
  });
});

/** a value for every object field of the schema: strings are their own path */
function fill(schema: z.ZodType, path: string, paths: string[]): unknown {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; element?: z.ZodType; shape?: Record<string, z.ZodType> } } })._zod.def;
  if (def.innerType) return fill(def.innerType, path, paths);
  if (def.type === 'array') return [fill(def.element!, `${path}[0]`, paths)];
  if (def.type === 'object') return Object.fromEntries(Object.entries(def.shape!).map(([k, v]) => [k, fill(v, path ? `${path}.${k}` : k, paths)]));
  if (def.type === 'string') {
    paths.push(path);
    return path;
  }
  return undefined;
}
