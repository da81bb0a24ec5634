/** URL checks for curl (and anything else that fetches): only http and https are reads. */
import type { Check } from './argv.js';

export const urlCheck: Check = (raw) => {
  const v = raw.trim();
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(v);
  if (m) {
    const scheme = m[1]!.toLowerCase();
    if (scheme === 'http' || scheme === 'https') return undefined;
    if (scheme === 'file') return 'is a file:// URL, which reads a local file';
    return `uses the ${scheme}:// scheme; only http and https are read-only requests`;
  }
  // ${APP_URL:-http://...}: the default must be http(s) too
  const def = /^\$\{\w+:?-([^}]*)\}/.exec(v);
  if (def && def[1] && /:\/\//.test(def[1]) && !/^https?:\/\//i.test(def[1])) return `defaults to ${def[1]}, which is not an http or https URL`;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)/.test(v) && !/^[\w.-]+:\d/.test(v) && !v.startsWith('$')) return 'is not an http or https URL';
  return undefined;
};
