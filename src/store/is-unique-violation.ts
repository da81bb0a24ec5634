/**
 * True when a write failed because a primary key or unique constraint already holds the value:
 * the portable signal that someone else got there first (a duplicate vote, a taken audit seq).
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // PostgreSQL SQLSTATE unique_violation; better-sqlite3 extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
