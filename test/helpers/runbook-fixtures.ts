/**
 * The `db` runbook the incident, alert and adapter tests (and the alerts bench) run: front
 * matter, a diagnosis step that runs on its own, and a recovery step gated on approval. A test
 * writes only what it is about (the alerts it routes, the marker its recovery writes); the
 * runbook's shape is this one text.
 */
export interface DbRunbookParts {
  title?: string;
  /** front matter lines after id and title: `alerts: [...]`, `severity: SEV-1`, `aliases: [...]` */
  frontMatter?: string;
  /** the diagnosis command (a plain echo is read-only, so it runs unattended) */
  diagnosis?: string;
  /** the recovery command, gated on approval; null: the runbook has no Recovery section */
  recovery?: string | null;
}

const FENCE = '```';

export function dbRunbook(parts: DbRunbookParts = {}): string {
  const { title = 'Database connection failure', frontMatter, diagnosis = 'echo diag-ok', recovery = 'echo recovered-ok' } = parts;
  return [
    '---',
    'id: db',
    `title: ${title}`,
    ...(frontMatter ? [frontMatter] : []),
    '---',
    '## Diagnosis',
    `${FENCE}sh`,
    diagnosis,
    FENCE,
    ...(recovery === null ? [] : ['## Recovery', `${FENCE}sh {approve}`, recovery, FENCE]),
    '',
  ].join('\n');
}
