import { EventEmitter2 } from '@nestjs/event-emitter';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';
import { DEFAULT_WORKSPACE_SETTINGS, Inbox, Workspace } from './entities';
import { MissingWorkspaceError, TenantRepository, WorkspaceId, asWorkspaceId } from './tenant.repository';
import { DomainEvent, UnitOfWork, UnitOfWorkClosedError, Work, WorkspaceMismatchError } from './unit-of-work';

const INBOX_CREATED = 'test.inbox_created';

interface InboxCreated extends DomainEvent {
  name: typeof INBOX_CREATED;
  inboxId: string;
}

describe('UnitOfWork', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  /** A connection of its own: it sees only what has committed. */
  let observer: Client;
  let events: EventEmitter2;
  let unitOfWork: UnitOfWork;
  let inboxes: TenantRepository<Inbox>;
  let workspaceId: WorkspaceId;
  let published: InboxCreated[];

  beforeAll(async () => {
    database = await createTestDatabase('uow');
    dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
    observer = new Client({ connectionString: database.url });
    await observer.connect();
    inboxes = new TenantRepository(dataSource.getRepository(Inbox));
    const workspace = await dataSource
      .getRepository(Workspace)
      .save({ name: 'Units', settings: DEFAULT_WORKSPACE_SETTINGS });
    workspaceId = asWorkspaceId(workspace.id);
  });

  beforeEach(() => {
    events = new EventEmitter2();
    unitOfWork = new UnitOfWork(dataSource, events);
    published = [];
    events.on(INBOX_CREATED, (event: InboxCreated) => published.push(event));
  });

  afterAll(async () => {
    await observer.end();
    await dataSource.destroy();
    await database.drop();
  });

  let keys = 0;
  /** Stores an inbox in the unit's transaction and raises its event. */
  const createInbox = async (work: Work, publicKey = `ib_uow_${++keys}`): Promise<Inbox> => {
    const inbox = await inboxes
      .withManager(work.manager)
      .create(work.workspaceId, { name: publicKey, channel: 'widget', publicKey });
    const event: InboxCreated = { name: INBOX_CREATED, inboxId: inbox.id };
    work.raise(event);
    return inbox;
  };

  const committed = async (inboxId: string): Promise<boolean> =>
    (await observer.query('SELECT 1 FROM inboxes WHERE id = $1', [inboxId])).rowCount === 1;

  it('publishes each event raised in a committed unit once, after the commit', async () => {
    const seenCommitted: Array<Promise<boolean>> = [];
    events.on(INBOX_CREATED, (event: InboxCreated) => seenCommitted.push(committed(event.inboxId)));

    const [first, second] = await unitOfWork.run(workspaceId, async (work) => {
      const stored = [await createInbox(work), await createInbox(work)];
      expect(published).toEqual([]);
      return stored;
    });

    expect(published).toEqual([
      { name: INBOX_CREATED, inboxId: first.id },
      { name: INBOX_CREATED, inboxId: second.id },
    ]);
    // Each listener, reading from another connection as the event arrived, found the row already committed.
    expect(await Promise.all(seenCommitted)).toEqual([true, true]);
  });

  it('publishes nothing for a unit whose task throws, and keeps none of its rows', async () => {
    let inboxId = '';
    const failure = new Error('the use case failed after raising');
    await expect(
      unitOfWork.run(workspaceId, async (work) => {
        inboxId = (await createInbox(work)).id;
        throw failure;
      }),
    ).rejects.toBe(failure);

    expect(published).toEqual([]);
    expect(await committed(inboxId)).toBe(false);
  });

  it('publishes nothing when a later statement of the unit fails and Postgres rolls it back', async () => {
    const taken = await unitOfWork.run(workspaceId, (work) => createInbox(work));
    published.length = 0;

    await expect(
      unitOfWork.run(workspaceId, async (work) => {
        await createInbox(work);
        await createInbox(work, taken.publicKey);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(published).toEqual([]);
  });

  it('publishes what a one-statement unit raised after its statement has returned, and nothing when it throws', async () => {
    const seenCommitted: Array<Promise<boolean>> = [];
    events.on(INBOX_CREATED, (event: InboxCreated) => seenCommitted.push(committed(event.inboxId)));
    const inboxId = await unitOfWork.runStatement(workspaceId, async (work) => {
      const publicKey = `ib_uow_${++keys}`;
      const id = await inboxes
        .withManager(work.manager)
        .insertReturningId(work.workspaceId, { name: publicKey, channel: 'widget', publicKey });
      const event: InboxCreated = { name: INBOX_CREATED, inboxId: id };
      work.raise(event);
      expect(published).toEqual([]);
      return id;
    });
    expect(published).toEqual([{ name: INBOX_CREATED, inboxId }]);
    expect(await Promise.all(seenCommitted)).toEqual([true]);

    const failure = new Error('the use case failed after raising');
    const failing = unitOfWork.runStatement(workspaceId, async (work) => {
      const event: InboxCreated = { name: INBOX_CREATED, inboxId: 'never' };
      work.raise(event);
      throw failure;
    });
    await expect(failing).rejects.toBe(failure);
    expect(published.map((event) => event.inboxId)).toEqual([inboxId]);
  });

  it('lets a nested unit join the outer one: one transaction, its events published when the outer commits', async () => {
    const seenCommitted: Array<Promise<boolean>> = [];
    events.on(INBOX_CREATED, (event: InboxCreated) => seenCommitted.push(committed(event.inboxId)));

    const { outer, inner } = await unitOfWork.run(workspaceId, async (work) => {
      const outerInbox = await createInbox(work);
      const innerInbox = await unitOfWork.run(
        workspaceId,
        async (joined) => {
          expect(joined.manager).toBe(work.manager);
          return createInbox(joined);
        },
        work,
      );
      // The nested unit has returned; its row is not committed and its event not published.
      expect(published).toEqual([]);
      expect(await committed(innerInbox.id)).toBe(false);
      return { outer: outerInbox, inner: innerInbox };
    });

    expect(published.map((event) => event.inboxId)).toEqual([outer.id, inner.id]);
    expect(await Promise.all(seenCommitted)).toEqual([true, true]);
  });

  it('drops the events of a nested unit when the outer one rolls back', async () => {
    let innerId = '';
    await expect(
      unitOfWork.run(workspaceId, async (work) => {
        innerId = (await unitOfWork.run(workspaceId, (joined) => createInbox(joined), work)).id;
        throw new Error('the outer use case failed');
      }),
    ).rejects.toThrow('the outer use case failed');

    expect(published).toEqual([]);
    expect(await committed(innerId)).toBe(false);
  });

  it('refuses an event raised after its unit ended, committed or rolled back', async () => {
    const late = { name: INBOX_CREATED, inboxId: 'late' };
    const kept = await unitOfWork.run(workspaceId, async (work) => work);
    expect(() => kept.raise(late)).toThrow(UnitOfWorkClosedError);

    let rolledBack: Work | undefined;
    await expect(
      unitOfWork.run(workspaceId, async (work) => {
        rolledBack = work;
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(() => rolledBack?.raise(late)).toThrow(UnitOfWorkClosedError);
    expect(published).toEqual([]);
  });

  it('refuses a unit without a workspace, and joining a unit of another workspace', async () => {
    const task = jest.fn(async () => undefined);
    await expect(unitOfWork.run('' as WorkspaceId, task)).rejects.toThrow(MissingWorkspaceError);

    const other = asWorkspaceId(
      (await dataSource.getRepository(Workspace).save({ name: 'Other', settings: DEFAULT_WORKSPACE_SETTINGS })).id,
    );
    await expect(unitOfWork.run(workspaceId, (work) => unitOfWork.run(other, task, work))).rejects.toThrow(
      WorkspaceMismatchError,
    );
    expect(task).not.toHaveBeenCalled();
  });

  it('publishes every event even when a listener throws, without failing the committed unit', async () => {
    // After the recording listener: EventEmitter2 skips the listeners after one that throws.
    events.on(INBOX_CREATED, () => {
      throw new Error('a broken listener');
    });

    const [first, second] = await unitOfWork.run(workspaceId, async (work) => [
      await createInbox(work),
      await createInbox(work),
    ]);

    expect(published.map((event) => event.inboxId)).toEqual([first.id, second.id]);
  });
});
