/**
 * Fills the registry with every secret the bot holds at start-up:
 * - environment variables whose names say they are secrets (and `redact.envNames`),
 * - config fields the schema marks secret (tokens, signing secrets, API keys, every `exec.stepEnv` value),
 * - `redact.values`,
 * - the userinfo password of every URL in the environment or the config (DATABASE_URL, REDIS_URL, probe URLs).
 */
import type { z } from 'zod';
import type { SecretRegistry } from './secret-registry.js';
import { isSecretEnvName } from './secret-names.js';
import { schemaSecrets } from './schema-secrets.js';
import { urlPasswords } from './url-secrets.js';

export interface SecretSourceOptions {
  env: Record<string, string | undefined>;
  /** the parsed config and the schema that declares which of its fields are secret */
  config?: { value: unknown; schema: z.ZodType };
  /** literal secret values (redact.values) */
  extraValues?: readonly string[];
  /** environment variables that hold secrets although their names do not say so (redact.envNames) */
  extraEnvNames?: readonly string[];
}

export function registerSecrets(registry: SecretRegistry, opts: SecretSourceOptions): void {
  for (const [name, value] of Object.entries(opts.env)) {
    if (value === undefined) continue;
    if (isSecretEnvName(name, opts.extraEnvNames)) registry.add(value, `environment variable ${name}`);
    for (const pw of urlPasswords(value)) registry.add(pw, `password in the URL in ${name}`);
  }
  for (const value of opts.extraValues ?? []) registry.add(value, 'redact.values');
  if (opts.config) {
    for (const { path, value } of schemaSecrets(opts.config.schema, opts.config.value)) registry.add(value, `config ${path}`);
    for (const { path, value } of strings(opts.config.value, '')) {
      for (const pw of urlPasswords(value)) registry.add(pw, `password in the URL in config ${path}`);
    }
  }
}

function* strings(value: unknown, path: string): Generator<{ path: string; value: string }> {
  if (typeof value === 'string') yield { path, value };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}
