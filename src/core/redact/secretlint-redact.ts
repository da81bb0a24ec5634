/**
 * A second opinion from secretlint's recommended preset (many vendor token formats we do not
 * list ourselves). Async and heavier than the sync patterns, so it is optional.
 * Its AWS secret-key rule reports a shifted range (platform-notes), so we return the reported
 * secret values and the redactor masks them wherever (and in whatever encoding) they occur.
 */
import { MASK } from './redact-patterns.js';
import { MIN_SECRET_LENGTH } from './secret-registry.js';

// Loaded on the first output to scan, not at start: most processes (lint, a quiet bot) never need it.
type LintSource = typeof import('@secretlint/core').lintSource;
let secretlint: Promise<{ lintSource: LintSource; config: Parameters<LintSource>[0]['options']['config'] }> | undefined;
const load = () =>
  (secretlint ??= Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]).then(([core, preset]) => ({
    lintSource: core.lintSource,
    config: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: preset.creator }] },
  })));

/** The secret values secretlint finds in `text` (already-masked text is never reported). */
export async function secretlintFindings(text: string): Promise<string[]> {
  if (text.length === 0) return [];
  const { lintSource, config } = await load();
  const result = await lintSource({
    source: { content: text, filePath: 'step-output.txt', ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  const found = new Set<string>();
  for (const message of result.messages) {
    for (const [key, value] of Object.entries(message.data ?? {})) {
      // data also carries descriptive fields (typeName); only mask what literally occurs in the text
      if (key !== 'typeName' && typeof value === 'string' && value.length >= MIN_SECRET_LENGTH && text.includes(value) && !value.includes(MASK)) found.add(value);
    }
  }
  return [...found];
}
