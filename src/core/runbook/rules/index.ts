/** Program name → rule. A program not listed here is unknown, and unknown means approval. */
import { aws } from './aws.js';
import { docker, heroku, journalctl, kubectl, pm2, stripe, supabase, systemctl, vercel, wrangler } from './cloud-clis.js';
import { curl } from './curl.js';
import { git } from './git.js';
import { nested, wrappers } from './nested.js';
import { node, npm, npx, yarnOrPnpm } from './node-tools.js';
import { psql } from './psql.js';
import { redisCli } from './redis.js';
import { sqlite3 } from './sqlite.js';
import { textTools } from './text-tools.js';
import type { Rule } from './types.js';

export const RULES: Record<string, Rule> = {
  ...textTools,
  ...nested,
  ...wrappers,
  curl,
  psql,
  sqlite3,
  'redis-cli': redisCli,
  git,
  kubectl,
  pm2,
  docker,
  systemctl,
  journalctl,
  vercel,
  wrangler,
  supabase,
  stripe,
  heroku,
  aws,
  npm,
  npx,
  node,
  yarn: yarnOrPnpm('yarn'),
  pnpm: yarnOrPnpm('pnpm'),
};

export function ruleFor(program: string): Rule | undefined {
  return Object.hasOwn(RULES, program) ? RULES[program] : undefined;
}
