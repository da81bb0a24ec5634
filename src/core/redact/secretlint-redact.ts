/**
 * A second opinion from secretlint's recommended preset (many vendor token formats we do not
 * list ourselves). Async and heavier than the sync patterns, so it is optional.
 * Its AWS secret-key rule reports a shifted range (platform-notes), so we mask the reported
 * secret value wherever it occurs rather than trusting the range.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { MASK } from './redact-patterns.js';

const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };

export async function secretlintRedact(text: string): Promise<string> {
  if (text.length === 0) return text;
  const result = await lintSource({
    source: { content: text, filePath: 'step-output.txt', ext: '.txt', contentType: 'text' },
    options: { config, noPhysicFilePath: true },
  });
  const found = new Set<string>();
  for (const message of result.messages) {
    for (const [key, value] of Object.entries(message.data ?? {})) {
      // data also carries descriptive fields (typeName); only mask what literally occurs in the text
      if (key !== 'typeName' && typeof value === 'string' && value.length >= 6 && text.includes(value)) found.add(value);
    }
  }
  let out = text;
  for (const value of [...found].sort((a, b) => b.length - a.length)) out = out.split(value).join(MASK);
  return out;
}
