import { Client } from 'pg';

/** A lock held on a database for as long as its holder keeps it; `release` lets the next waiter in. */
export interface HeldDatabaseLock {
  release(): Promise<void>;
}

/**
 * Holds a session-level advisory lock named `name` on the database, on a connection of its own, waiting while another
 * process holds it (`onWait` is told once). For tools that share one database and must not overlap (the eval runs:
 * one run's outbox relay would take another's jobs).
 */
export async function holdDatabaseLock(
  databaseUrl: string,
  name: string,
  onWait: () => void = () => undefined,
): Promise<HeldDatabaseLock> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tried = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      name,
    ]);
    if (!tried.rows[0]?.locked) {
      onWait();
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    }
  } catch (error) {
    await client.end();
    throw error;
  }
  // Ending the session releases the lock, also when the holder dies without calling release.
  return { release: () => client.end() };
}
