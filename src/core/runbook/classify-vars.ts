/**
 * The variables a block sets, so their uses can be resolved statically: `APP=api` then
 * `pm2 logs "$APP"` is `pm2 logs api`, and `OPTS="-o /tmp/x"` then `curl $OPTS` is seen with its
 * options. A for loop's variable takes each of its words. A variable filled at run time (read,
 * mapfile, getopts, printf -v) is tainted: its uses are gated. Also notes whether the block
 * changes directory (then relative run-time paths no longer stay in the work directory).
 */
import { forEachChild, type Script, type SyntaxNode, type Word } from 'unbash';
import type { VarTable } from './classify-words.js';
import { resolveText } from './classify-words.js';

const DECLARERS = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
const READERS = new Set(['read', 'mapfile', 'readarray', 'getopts']);

/** Only these words can set a variable or change directory; a block without them needs no walk. */
const MAY_SET = /(^|[\s;&|(`])[A-Za-z_]\w*(\[[^\]]*\])?\+?=|\b(for|select|read|mapfile|readarray|getopts|printf|cd|pushd|popd)\b/;
const SETTING_WORDS = /\b(for|select|read|mapfile|readarray|getopts|printf|cd|pushd|popd)\b/;

export function collectVars(script: Script, readDirs: string[], source: string): { vars: VarTable; changesDir: boolean } {
  // without an = only the keywords can match: test them alone (cheaper than the whole pattern)
  if (!(source.includes('=') ? MAY_SET : SETTING_WORDS).test(source)) return { vars: new Map(), changesDir: false };
  const raw = new Map<string, (Word | 'tainted' | string)[]>();
  const add = (name: string, v: Word | 'tainted' | string): void => void (raw.get(name) ?? raw.set(name, []).get(name)!).push(v);
  let changesDir = false;
  const visit = (node: SyntaxNode): void => {
    // words hold no assignments the block keeps (those inside substitutions are gated anyway)
    if (node.type === 'Word' || node.type === 'CommandExpansion' || node.type === 'ProcessSubstitution') return;
    if (node.type === 'For' || node.type === 'Select') {
      for (const w of node.wordlist ?? []) add(node.name.value, w);
      if (!node.wordlist) add(node.name.value, 'tainted');
    }
    if (node.type === 'Command') {
      const name = node.name?.value;
      if (!name) for (const p of node.prefix) if (p.type === 'Assignment' && p.value.type === 'Word') add(p.name, p.value);
      if (name && DECLARERS.has(name)) for (const a of node.suffix) if (a.type === 'Assignment' && a.value.type === 'Word') add(a.name, a.value);
      const words = node.suffix.filter((s): s is Word => s.type === 'Word').map((w) => w.value);
      if (name && READERS.has(name)) {
        const names = words.filter((w) => /^[A-Za-z_]\w*$/.test(w));
        for (const n of names.length ? names : ['REPLY', 'MAPFILE']) add(n, 'tainted');
      }
      if (name === 'printf') {
        const i = words.indexOf('-v');
        if (i >= 0 && words[i + 1]) add(words[i + 1]!, 'tainted');
      }
      if (name === 'cd' || name === 'pushd' || name === 'popd') {
        const target = words.find((w) => !w.startsWith('-'));
        if (!target || !readDirs.some((d) => target === d || target.startsWith(d + '/')) || /[$`*?~]/.test(target)) changesDir = true;
      }
    }
    forEachChild(node, visit);
  };
  visit(script);

  const vars: VarTable = new Map();
  const resolving = new Set<string>();
  const resolve = (name: string): void => {
    if (vars.has(name) || resolving.has(name)) return;
    resolving.add(name);
    const values: string[] = [];
    let tainted = false;
    for (const v of raw.get(name)!) {
      if (v === 'tainted') tainted = true;
      else if (typeof v === 'string') values.push(v);
      else values.push(...resolveText(v, { vars, params: new Set(), problems: [] }));
    }
    resolving.delete(name);
    vars.set(name, tainted ? 'tainted' : [...new Set(values)].slice(0, 16));
  };
  // resolve in order of first assignment; a value naming a later variable keeps its `$NAME` text
  for (const name of raw.keys()) resolve(name);
  return { vars, changesDir };
}
