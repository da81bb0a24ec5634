import type { Db } from './schema.js';

export interface Store {
  readonly db: Db;
  readonly dialect: 'sqlite' | 'postgres';
  /** where the data lives, for logs: a file path or a redacted URL */
  readonly location: string;
  /** a trivial query; /readyz uses it */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
