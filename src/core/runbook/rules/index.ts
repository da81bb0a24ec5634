/** Program name → rule. A program not listed here is unknown, and unknown means approval. */
import { awk } from './awk.js';
import { tar } from './archives.js';
import { aws } from './aws.js';
import { coreutils } from './coreutils.js';
import { curl } from './curl.js';
import { docker } from './docker.js';
import { find } from './find.js';
import { gcloud } from './gcloud.js';
import { git } from './git.js';
import { jq, yq } from './jq.js';
import { kubectl } from './kube.js';
import { net } from './net.js';
import { npm, pnpm, yarn } from './node-tools.js';
import { echo, pagers, printf, tee, xxd } from './pagers.js';
import { heroku, stripe, supabase, vercel, wrangler } from './platforms.js';
import { pm2 } from './pm2.js';
import { procs } from './procs.js';
import { psql } from './psql.js';
import { redisCli } from './redis.js';
import { search } from './search.js';
import { sed } from './sed.js';
import { shell } from './shell.js';
import { sqlite3 } from './sqlite.js';
import { journalctl, systemctl } from './systemd.js';
import type { Rule } from './types.js';
import { wrappers } from './wrappers.js';

export const RULES: Record<string, Rule> = {
  ...coreutils,
  ...search,
  ...find,
  ...pagers,
  ...procs,
  ...net,
  ...shell,
  ...wrappers,
  echo, printf, tee, xxd, sed, awk, gawk: awk, mawk: awk, nawk: awk, jq, yq, tar,
  curl, git, psql, sqlite3, 'redis-cli': redisCli,
  kubectl, docker, systemctl, journalctl, pm2, npm, yarn, pnpm,
  aws, gcloud, wrangler, vercel, supabase, stripe, heroku,
};

const BY_NAME = new Map(Object.entries(RULES));

export function ruleFor(program: string): Rule | undefined {
  return BY_NAME.get(program);
}
