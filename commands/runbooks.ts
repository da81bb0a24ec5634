import path from 'node:path';

import * as z from 'zod';

import { defineCommand } from '../src/core/commands/define-command.js';
import type { RunbookCatalog } from '../src/core/services.js';

/**
 * /runbooks lists the runbooks with what each may run on its own, and any file whose latest edit
 * is broken (its last good version is still in use). `/runbooks reload` re-reads the directory now
 * instead of waiting for the file watcher.
 */
export default defineCommand({
  name: 'runbooks',
  description: 'List the runbooks this bot knows, with what it may run on its own; /runbooks reload re-reads them',
  usage: '[reload]',
  positional: ['action'],
  options: z.object({ action: z.enum(['reload']).optional() }).strict(),
  async handler(ctx) {
    const catalog = ctx.services.runbooks;
    const dir = ctx.services.config.runbooksDir;
    if ((ctx.options as { action?: string }).action === 'reload') {
      if (!catalog.reload) {
        await ctx.post({ blocks: [{ type: 'text', text: 'This bot cannot reload its runbooks; restart it to pick up changes.' }] });
        return;
      }
      const report = await catalog.reload();
      const parts = [`Reloaded the runbooks in ${dir}: ${plural(report.loaded, 'runbook')} in use.`];
      if (report.changed.length) parts.push(`New or changed: ${report.changed.map(short).join(', ')}.`);
      if (report.removed.length) parts.push(`Removed: ${report.removed.map(short).join(', ')}.`);
      if (!report.changed.length && !report.removed.length && !report.kept.length) parts.push('Nothing had changed.');
      await ctx.post({ blocks: [{ type: 'text', text: parts.join(' ') }, ...brokenBlocks(catalog)] });
      return;
    }
    const runbooks = [...catalog.all()].sort((a, b) => a.id.localeCompare(b.id));
    if (runbooks.length === 0) {
      await ctx.post({ blocks: [{ type: 'text', text: `No runbooks are loaded from ${dir}.` }, ...brokenBlocks(catalog)] });
      return;
    }
    const lines = runbooks.map((r) => {
      const count = (s: string) => r.blocks.filter((b) => b.safety === s).length;
      const aliases = r.aliases.length ? ` (also: ${r.aliases.join(', ')})` : '';
      return `• ${r.id}${aliases}: ${r.title}${r.severity ? ` [${r.severity}]` : ''}\n    ${count('safe')} safe · ${count('approve')} gated · ${count('manual')} manual`;
    });
    await ctx.post({
      blocks: [
        { type: 'header', text: `Runbooks (${runbooks.length})` },
        { type: 'text', text: lines.join('\n') },
        ...brokenBlocks(catalog),
        { type: 'context', text: 'Run one with /incident <id>. Safe steps run on their own; gated steps need an approval.' },
      ],
    });
  },
});

function brokenBlocks(catalog: RunbookCatalog): { type: 'text'; text: string }[] {
  const kept = catalog.problems?.().kept ?? [];
  if (kept.length === 0) return [];
  const lines = kept.flatMap((k) => k.problems.map((p) => `• ${short(k.file)} line ${p.line}: ${p.message}`));
  return [{ type: 'text', text: `⚠️ Not reloaded, because the latest edit has an error (the last good version is still in use; fix the file and save it again):\n${lines.join('\n')}` }];
}

/** Relative to the bot's directory when inside it (runbooks/db.md), else as given. */
function short(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
