import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { holdDatabaseLock } from './database-lock';

describe('holdDatabaseLock', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase('database_lock');
  });

  afterAll(async () => database?.drop());

  it('lets a second holder in only once the first has released, telling it that it waits', async () => {
    const first = await holdDatabaseLock(database.url, 'tool-run');
    let waited = false;
    let secondHeld = false;
    const second = holdDatabaseLock(database.url, 'tool-run', () => (waited = true)).then((lock) => {
      secondHeld = true;
      return lock;
    });
    // The waiter has asked for the lock (and been told it waits) before the first lets go.
    await new Promise<void>((resolve) => {
      const check = (): void => void (waited ? resolve() : setImmediate(check));
      check();
    });
    expect(secondHeld).toBe(false);
    await first.release();
    await (await second).release();
    expect(secondHeld).toBe(true);
  });

  it('does not make a holder of another name wait', async () => {
    const held = await holdDatabaseLock(database.url, 'one tool');
    let waited = false;
    const other = await holdDatabaseLock(database.url, 'another tool', () => (waited = true));
    expect(waited).toBe(false);
    await Promise.all([held.release(), other.release()]);
  });
});
