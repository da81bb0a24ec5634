/** The console's message ids are `m<N>`; after a restart numbering continues past every stored id. */
import type { Db } from '../../store/schema.js';

export async function firstConsoleId(db: Db, prefix = ''): Promise<number> {
  const [approvals, runs] = await Promise.all([
    db.selectFrom('approvals').select('message_id as id').where('platform', '=', 'console').execute(),
    db.selectFrom('runs').select('thread_id as id').where('platform', '=', 'console').execute(),
  ]);
  let max = 0;
  const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}m(\\d+)$`);
  for (const { id } of [...approvals, ...runs]) {
    const m = id ? pattern.exec(id) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}
