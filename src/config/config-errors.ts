/**
 * Turns zod's issues into lines a tired person can act on:
 * - an unknown key in the config file is named with the nearest valid one
 *   (`opsbridge.yaml: unknown key "aproval" (did you mean "approval"?)`), so a typo never
 *   silently starts a bot with the default it meant to change;
 * - an invalid value names where it came from: the environment variable that set it, or else the
 *   key in the file (never an environment variable the user did not set).
 */
import type { z } from 'zod';
import { closest } from '../core/runbook/edit-distance.js';

export interface IssueContext {
  schema: z.ZodType;
  /** label for the file, e.g. its path */
  fileName: string;
  /** config path → the environment variable that set it */
  fromEnv: Map<string, string>;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
}

const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema without its optional/default wrappers. */
function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const d = def(cur);
    if (d.innerType) cur = d.innerType;
    else if (d.type === 'pipe' && d.in) cur = d.in;
    else return cur;
  }
}

/** The schema at a config path, or undefined if the path leaves it. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!cur) return undefined;
    const d = def(cur);
    if (d.type === 'object') cur = d.shape?.[String(seg)];
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'array') cur = d.element;
    else return undefined;
    cur = cur && unwrap(cur);
  }
  return cur;
}

/** Every key path the schema declares, `health.probes.name` style (list items by their field names). */
function allPaths(schema: z.ZodType, prefix = ''): string[] {
  const s = unwrap(schema);
  const d = def(s);
  if (d.type === 'array' && d.element) return allPaths(d.element, prefix);
  if (d.type !== 'object') return [];
  return Object.entries(d.shape ?? {}).flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...allPaths(v, p)];
  });
}

const dotted = (path: readonly PropertyKey[]): string => path.map(String).join('.');

export function describeIssue(issue: z.core.$ZodIssue, ctx: IssueContext): string[] {
  if (issue.code === 'unrecognized_keys') {
    const here = schemaAt(ctx.schema, issue.path);
    const siblings = here && def(here).type === 'object' ? Object.keys(def(here).shape ?? {}) : [];
    return issue.keys.map((key) => {
      const full = dotted([...issue.path, key]);
      const near = closest(key, siblings)[0];
      let hint: string;
      if (near !== undefined) hint = ` (did you mean "${dotted([...issue.path, near])}"?)`;
      else {
        // the right key in the wrong place: `quorum` at the top level belongs under approval
        const elsewhere = allPaths(ctx.schema).filter((p) => closest(key, [p.split('.').at(-1)!]).length > 0);
        hint = elsewhere.length > 0 ? ` (did you mean "${elsewhere[0]}"?)` : siblings.length > 0 ? ` (valid keys here: ${siblings.join(', ')})` : '';
      }
      return `${ctx.fileName}: unknown key "${full}"${hint}`;
    });
  }
  const path = dotted(issue.path);
  const env = [...ctx.fromEnv].find(([p]) => path === p || path.startsWith(`${p}.`));
  if (env) return [`${env[1]} (${path}): ${issue.message}`];
  return [`${ctx.fileName}: ${path || '(top level)'}: ${issue.message}`];
}
