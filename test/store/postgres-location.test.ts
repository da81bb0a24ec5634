import { describe, expect, it } from 'vitest';

import { isPostgresUrl, postgresLocation } from '../../src/store/postgres-location.js';

describe('postgresLocation', () => {
  it('keeps user, host, port and database and drops the password and query', () => {
    expect(postgresLocation('postgres://ops:s3cr%40t@db.internal:6543/opsbridge?sslmode=require&password=x')).toEqual({
      location: 'postgres://ops@db.internal:6543/opsbridge',
      host: 'db.internal:6543',
    });
  });

  it('never echoes an unparseable URL, which could be a password', () => {
    expect(postgresLocation('postgres://user:pa ss@@')).toEqual({ location: 'postgres://(unparseable URL)', host: '(unparseable URL)' });
  });
});

describe('isPostgresUrl', () => {
  it('recognises postgres:// and postgresql:// only', () => {
    expect(isPostgresUrl('postgres://h/db')).toBe(true);
    expect(isPostgresUrl('POSTGRESQL://h/db')).toBe(true);
    expect(isPostgresUrl('mysql://h/db')).toBe(false);
    expect(isPostgresUrl('./data.sqlite')).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });
});
