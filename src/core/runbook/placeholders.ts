/**
 * Placeholders the runbook author left for a human to fill in: `<commit-hash>`, `{event_id}`,
 * `v1.X.Y`, `v1.0.X`, `yourdomain.com`, `[deployment-url]`, `evt_...`. A block holding one cannot
 * run as written. Scanned on the raw text because `<id>` is not even valid shell (it parses as
 * redirections). Environment expansions (`$DATABASE_URL`, `${APP_URL:-http://...}`) are not placeholders.
 */
export interface Placeholder {
  text: string;
  /** the name inside, normalised to an env-var name: `<commit-hash>` → COMMIT_HASH */
  name: string;
}

/** `needs`: a text without any of these strings cannot match (checked first: most blocks have no placeholder). */
const PATTERNS: { re: RegExp; skipSingleQuoted: boolean; needs: string[] }[] = [
  { re: /<([A-Za-z][A-Za-z0-9_.:-]*(?: [A-Za-z0-9_.:-]+){0,3})>/g, skipSingleQuoted: false, needs: ['<'] },
  { re: /(?<![$%\w])\{([A-Za-z_][A-Za-z0-9_-]*)\}/g, skipSingleQuoted: true, needs: ['{'] },
  { re: /\[([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)\]/g, skipSingleQuoted: true, needs: ['['] },
  { re: /\bv(?=[\d.XYZxyz]*[XYZxyz])(?:\d+|[XYZxyz])(?:\.(?:\d+|[XYZxyz]))+\b/g, skipSingleQuoted: false, needs: ['v'] },
  { re: /(?<![$\w{])(?:your|YOUR|Your)[-_]?[A-Za-z][A-Za-z0-9_-]*(?:\.[a-z]{2,})*/g, skipSingleQuoted: false, needs: ['your', 'YOUR', 'Your'] },
  { re: /(?<=[A-Za-z0-9]_)\.\.\.(?![\w./])/g, skipSingleQuoted: false, needs: ['...'] },
];

export function findPlaceholders(source: string): Placeholder[] {
  const text = source.includes('#') ? stripComments(source) : source;
  let singleQuoted: boolean[] | undefined;
  const found: Placeholder[] = [];
  const seen = new Set<string>();
  for (const { re, skipSingleQuoted, needs } of PATTERNS) {
    if (!needs.some((n) => text.includes(n))) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (skipSingleQuoted && (singleQuoted ??= singleQuotedMask(text))[m.index]) continue;
      const whole = m[0] === '...' ? wordEndingAt(text, m.index) + '...' : m[0];
      if (seen.has(whole)) continue;
      seen.add(whole);
      found.push({ text: whole, name: (m[1] ?? whole).toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '') });
    }
  }
  return found;
}

/** Drop `# comments` (a # at line start or after whitespace, outside quotes). */
function stripComments(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      let quote: string | undefined;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quote) {
          if (c === quote) quote = undefined;
          else if (c === '\\' && quote === '"') i++;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '\\') i++;
        else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

function singleQuotedMask(text: string): boolean[] {
  const mask = new Array<boolean>(text.length).fill(false);
  let inSingle = false;
  let inDouble = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (!inSingle && c === '\\') {
      i++;
      continue;
    }
    if (!inDouble && c === "'") inSingle = !inSingle;
    else if (!inSingle && c === '"') inDouble = !inDouble;
    else mask[i] = inSingle;
  }
  return mask;
}

function wordEndingAt(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\w-]/.test(text[start - 1]!)) start--;
  return text.slice(start, end);
}
