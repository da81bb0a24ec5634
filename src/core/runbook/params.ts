/**
 * Values a user passes to a runbook (`/rollback v1.2.3`) reach the script only as environment
 * variables, and only after this check: declared name, the declared pattern, no control characters,
 * at most 256 characters. The script text itself is never touched.
 */
import { OpsError } from '../errors.js';
import type { ParamSpec } from './model.js';

export const MAX_PARAM_LENGTH = 256;

export function validateParams(specs: Record<string, ParamSpec>, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const declared = Object.keys(specs);
  for (const [name, value] of Object.entries(values)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      throw new OpsError('BAD_PARAM', declared.length
        ? `unknown parameter ${name}; this runbook takes ${declared.join(', ')}`
        : `unknown parameter ${name}; this runbook takes no parameters`);
    }
    if (typeof value !== 'string') throw new OpsError('BAD_PARAM', `parameter ${name} must be text`);
    if (value.length > MAX_PARAM_LENGTH) throw new OpsError('BAD_PARAM', `parameter ${name} is ${value.length} characters; the limit is ${MAX_PARAM_LENGTH}`);
    // eslint-disable-next-line no-control-regex
    const ctrl = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.exec(value);
    if (ctrl) throw new OpsError('BAD_PARAM', `parameter ${name} contains a control character (U+${ctrl[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`);
    if (spec.pattern !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(spec.pattern, 'u');
      } catch (cause) {
        throw new OpsError('BAD_PARAM', `parameter ${name} has an invalid pattern ${spec.pattern} in the runbook`, { cause });
      }
      if (!re.test(value)) throw new OpsError('BAD_PARAM', `parameter ${name}=${JSON.stringify(value)} does not match ${spec.pattern}`);
    }
    out[name] = value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !(name in out)) throw new OpsError('BAD_PARAM', `parameter ${name} is required${spec.pattern ? ` (pattern ${spec.pattern})` : ''}`);
  }
  return out;
}
