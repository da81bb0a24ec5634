/**
 * The one redactor for a process holding this config, fed by every secret it holds:
 * secret-named environment variables, config fields the schema marks secret (every
 * `exec.stepEnv` value included), `redact.values` and the password of every URL in the
 * environment or the config. The bot and the CLI tools that write or print build it here.
 */
import { createRedactor, type AsyncRedactor } from '../core/redact/redact.js';
import { configSchema, type Config } from './schema.js';

export function redactorFor(config: Config, env: Record<string, string | undefined>): AsyncRedactor {
  return createRedactor({ env, config: { value: config, schema: configSchema }, extraValues: config.redact.values, extraEnvNames: config.redact.envNames });
}
