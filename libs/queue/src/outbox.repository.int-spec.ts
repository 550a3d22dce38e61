import { OutboxEntry } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { TestDataSource, openTestDataSource } from '../../../test/support/test-data-source';
import { OutboxRepository } from './outbox.repository';

describe('OutboxRepository against real Postgres', () => {
  let database: TestDataSource;
  let dataSource: DataSource;
  let outbox: OutboxRepository;

  beforeAll(async () => {
    database = await openTestDataSource('outbox_repo');
    dataSource = database.dataSource;
    outbox = new OutboxRepository(dataSource);
  });

  afterAll(() => database?.destroy());

  /** Each test uses job names of its own, so the claims of one never see another's rows. */
  const jobName = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;

  async function write(name: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      await dataSource.transaction((manager) =>
        outbox.insert(manager, { id, queue: 'test', jobName: name, payload: { i }, workspaceId: null }),
      );
      ids.push(id);
    }
    return ids;
  }

  const rows = (ids: string[]): Promise<OutboxEntry[]> =>
    dataSource.getRepository(OutboxEntry).find({ where: { id: In(ids) }, order: { seq: 'ASC' } });

  it('claims the oldest unsent rows of the given job names, in write order, up to the limit', async () => {
    const known = jobName('known');
    const unknown = jobName('unknown');
    // Older rows of a job this build does not know wait for a relay that does.
    await write(unknown, 2);
    const ids = await write(known, 4);
    await outbox.claimUnsent([known], 10, (claimed) => claimed.markSent([ids[0]]));

    const claimed = await outbox.claimUnsent([known], 2, async ({ rows: batch }) => batch.map((row) => row.id));
    expect(claimed).toEqual([ids[1], ids[2]]);
  });

  it('skips rows another claim holds, so two relays never send the same row', async () => {
    const name = jobName('shared');
    const ids = await write(name, 4);
    const seen = await outbox.claimUnsent([name], 2, async (first) => {
      const second = await outbox.claimUnsent([name], 10, async (other) => other.rows.map((row) => row.id));
      return { first: first.rows.map((row) => row.id), second };
    });
    expect(seen).toEqual({ first: ids.slice(0, 2), second: ids.slice(2) });
  });

  it('marks rows sent with the claim, and forgets the marks when the claim fails', async () => {
    const name = jobName('marks');
    const [sent, failed, rolledBack] = await write(name, 3);
    await outbox.claimUnsent([name], 10, async (claimed) => {
      await claimed.markSent([sent]);
      await claimed.markFailed(failed, 'Redis is down');
      await claimed.markFailed(failed, 'Redis is still down');
    });
    await expect(
      outbox.claimUnsent([name], 10, async (claimed) => {
        await claimed.markSent([rolledBack]);
        throw new Error('the pass broke');
      }),
    ).rejects.toThrow('the pass broke');

    const [first, second, third] = await rows([sent, failed, rolledBack]);
    expect(first.sentAt).toBeInstanceOf(Date);
    expect(second).toMatchObject({ sentAt: null, attempts: 2, lastError: 'Redis is still down' });
    expect(third).toMatchObject({ sentAt: null, attempts: 0, lastError: null });
  });

  it('lists the payloads of unsent jobs of one name', async () => {
    const name = jobName('watchdog');
    const ids = await write(name, 3);
    await outbox.claimUnsent([name], 10, (claimed) => claimed.markSent([ids[1]]));
    const payloads = await dataSource.transaction((manager) => outbox.unsentPayloads(manager, name));
    expect(payloads).toEqual(expect.arrayContaining([{ i: 0 }, { i: 2 }]));
    expect(payloads).toHaveLength(2);
  });
});
