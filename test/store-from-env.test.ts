/**
 * The store the environment asks for (the engine's default and the demo server's): Redis when
 * REDIS_URL is set, else SQLite at the explicit path, PERSONAS_DB, or the default path.
 *   npx vitest run test/store-from-env.test.ts
 * Cost: no store is opened.
 */
import { describe, expect, it } from 'vitest';
import { storeSpecFromEnv } from '../src/stores/index.js';

describe('storeSpecFromEnv', () => {
  const defaults = { defaultSqlitePath: 'default.db' };

  it('uses Redis when REDIS_URL is set, with PERSONAS_REDIS_PREFIX', () => {
    expect(storeSpecFromEnv(defaults, { REDIS_URL: 'redis://127.0.0.1:6379', PERSONAS_REDIS_PREFIX: 'demo:' })).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      prefix: 'demo:',
    });
    expect(storeSpecFromEnv({ ...defaults, sqlitePath: 'x.db' }, { REDIS_URL: 'redis://h' })).toEqual({
      kind: 'redis',
      url: 'redis://h',
      prefix: undefined,
    });
  });

  it('otherwise SQLite: the explicit path, then PERSONAS_DB, then the default', () => {
    expect(storeSpecFromEnv({ ...defaults, sqlitePath: 'mine.db' }, { PERSONAS_DB: 'env.db' })).toEqual({
      kind: 'sqlite',
      path: 'mine.db',
    });
    expect(storeSpecFromEnv(defaults, { PERSONAS_DB: 'env.db' })).toEqual({ kind: 'sqlite', path: 'env.db' });
    expect(storeSpecFromEnv(defaults, { PERSONAS_DB: '' })).toEqual({ kind: 'sqlite', path: 'default.db' });
    expect(storeSpecFromEnv(defaults, {})).toEqual({ kind: 'sqlite', path: 'default.db' });
  });
});
