import { DataSource } from 'typeorm';
import { eventually } from '../../../test/support/eventually';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';
import { Contact, ContactInbox, DEFAULT_WORKSPACE_SETTINGS, Inbox, Workspace } from './entities';
import { MissingWorkspaceError, TenantLock, TenantRepository, WorkspaceId, asWorkspaceId } from './tenant.repository';

describe('TenantRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let inboxes: TenantRepository<Inbox>;
  let a: WorkspaceId;
  let b: WorkspaceId;

  const newWorkspace = async (name: string): Promise<WorkspaceId> =>
    asWorkspaceId((await dataSource.getRepository(Workspace).save({ name, settings: DEFAULT_WORKSPACE_SETTINGS })).id);

  beforeAll(async () => {
    database = await createTestDatabase('tenant');
    dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
    inboxes = new TenantRepository(dataSource.getRepository(Inbox));
    const workspaces = dataSource.getRepository(Workspace);
    a = asWorkspaceId((await workspaces.save({ name: 'A', settings: DEFAULT_WORKSPACE_SETTINGS })).id);
    b = asWorkspaceId((await workspaces.save({ name: 'B', settings: DEFAULT_WORKSPACE_SETTINGS })).id);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('refuses every query without a workspace id', async () => {
    for (const missing of [undefined, null, '', 'not-a-uuid']) {
      const id = missing as unknown as WorkspaceId;
      await expect(inboxes.find(id)).rejects.toThrow(MissingWorkspaceError);
      await expect(inboxes.findOne(id, { name: 'x' })).rejects.toThrow(MissingWorkspaceError);
      await expect(inboxes.count(id)).rejects.toThrow(MissingWorkspaceError);
      await expect(
        inboxes.create(id, { name: 'x', channel: 'widget', publicKey: `k${String(missing)}` }),
      ).rejects.toThrow(MissingWorkspaceError);
    }
    const someId = '00000000-0000-4000-8000-000000000000';
    await expect(inboxes.update('' as WorkspaceId, someId, { name: 'y' })).rejects.toThrow(MissingWorkspaceError);
    await expect(inboxes.delete('' as WorkspaceId, someId)).rejects.toThrow(MissingWorkspaceError);
    expect(await dataSource.getRepository(Inbox).count()).toBe(0);
  });

  it("scopes reads and writes to the workspace, so one tenant never touches another's rows", async () => {
    const inboxOfB = await inboxes.create(b, { name: 'B inbox', channel: 'widget', publicKey: 'ib_b' });
    await inboxes.create(a, { name: 'A inbox', channel: 'email', publicKey: 'ib_a' });

    expect(await inboxes.findById(a, inboxOfB.id)).toBeNull();
    expect((await inboxes.find(a)).map((i) => i.name)).toEqual(['A inbox']);
    expect(await inboxes.update(a, inboxOfB.id, { name: 'hijacked' })).toBe(false);
    expect(await inboxes.delete(a, inboxOfB.id)).toBe(false);
    expect((await inboxes.findById(b, inboxOfB.id))?.name).toBe('B inbox');
  });

  it('inserts a row in one statement with the workspace id, and returns its id', async () => {
    const id = await inboxes.insertReturningId(a, { name: 'Inserted', channel: 'widget', publicKey: 'ib_inserted' });
    expect(await inboxes.findById(a, id)).toMatchObject({ id, workspaceId: a, name: 'Inserted' });
    expect(await inboxes.findById(b, id)).toBeNull();
    await expect(
      inboxes.insertReturningId('' as WorkspaceId, { name: 'x', channel: 'widget', publicKey: 'ib_none' }),
    ).rejects.toThrow(MissingWorkspaceError);
    await inboxes.delete(a, id);
  });

  it('ignores a workspace id smuggled into the values or the filter', async () => {
    const created = await inboxes.create(a, {
      name: 'smuggled',
      channel: 'widget',
      publicKey: 'ib_smuggled',
      ...({ workspaceId: b } as object),
    });
    expect(created.workspaceId).toBe(a);
    expect(await inboxes.find(a, { where: { workspaceId: b } })).toHaveLength(2);
  });

  it('orders what find and findOne read, within the workspace', async () => {
    const c = await newWorkspace('C');
    for (const name of ['second', 'third', 'first']) {
      await inboxes.create(c, { name, channel: 'widget', publicKey: `ib_order_${name}` });
    }
    await inboxes.create(b, { name: 'aaa other tenant', channel: 'widget', publicKey: 'ib_order_b' });

    const names = await inboxes.find(c, { order: { name: 'ASC' }, take: 2 });
    expect(names.map((inbox) => inbox.name)).toEqual(['first', 'second']);
    expect((await inboxes.findOne(c, { channel: 'widget' }, { order: { name: 'DESC' } }))?.name).toBe('third');
  });

  it('reads only the selected columns', async () => {
    const c = await newWorkspace('C');
    const inbox = await inboxes.create(c, { name: 'selected', channel: 'email', publicKey: 'ib_select' });

    const [listed] = await inboxes.find(c, { select: { id: true, name: true } });
    expect(listed).toEqual(expect.objectContaining({ id: inbox.id, name: 'selected' }));
    expect(listed.channel).toBeUndefined();
    const found = await inboxes.findById(c, inbox.id, { select: { id: true, channel: true } });
    expect(found?.channel).toBe('email');
    expect(found?.name).toBeUndefined();
    expect(await inboxes.findById(a, inbox.id, { select: { id: true } })).toBeNull();
  });

  /** How many backends of this database are waiting for a row lock. */
  const waitingForLocks = async (): Promise<number> => {
    const [row] = await dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.count;
  };

  /** Locks the row in a transaction that stays open until the returned commit is called. */
  const holdLock = async (workspaceId: WorkspaceId, inboxId: string, lock: TenantLock) => {
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let locked!: (inbox: Inbox | null) => void;
    const lockedRow = new Promise<Inbox | null>((resolve) => (locked = resolve));
    const transaction = dataSource.transaction(async (manager) => {
      locked(await inboxes.withManager(manager).findById(workspaceId, inboxId, { lock }));
      await committing;
    });
    return { row: await lockedRow, commit: async () => (commit(), await transaction) };
  };

  it('holds a FOR UPDATE lock until commit: another transaction locking the row waits for it', async () => {
    const c = await newWorkspace('C');
    const inbox = await inboxes.create(c, { name: 'locked', channel: 'widget', publicKey: 'ib_lock_update' });
    const first = await holdLock(c, inbox.id, 'update');
    expect(first.row?.id).toBe(inbox.id);

    const order: string[] = [];
    const second = dataSource.transaction(async (manager) => {
      await inboxes.withManager(manager).findById(c, inbox.id, { lock: 'update' });
      order.push('second locked');
    });
    await eventually(async () => (await waitingForLocks()) === 1, { what: 'the second lock to wait' });
    order.push('first commits');
    await first.commit();
    await second;
    expect(order).toEqual(['first commits', 'second locked']);
  });

  it.each<{ lock: TenantLock; waits: boolean; effect: string }>([
    { lock: 'update', waits: true, effect: 'waits for the commit' },
    { lock: 'no_key_update', waits: false, effect: 'goes ahead' },
  ])('an insert referencing a row locked for $lock $effect', async ({ lock, waits }) => {
    const c = await newWorkspace('C');
    const inbox = await inboxes.create(c, { name: 'parent', channel: 'widget', publicKey: `ib_parent_${lock}` });
    const contact = await new TenantRepository(dataSource.getRepository(Contact)).create(c, { attributes: {} });
    const held = await holdLock(c, inbox.id, lock);

    // The foreign key check takes FOR KEY SHARE on the inbox row: FOR UPDATE blocks it, FOR NO KEY UPDATE does not.
    const contactInboxes = new TenantRepository(dataSource.getRepository(ContactInbox));
    const referencing = contactInboxes.create(c, { contactId: contact.id, inboxId: inbox.id, sourceId: 'visitor' });
    if (waits) {
      await eventually(async () => (await waitingForLocks()) === 1, { what: 'the insert to wait' });
      await held.commit();
      await referencing;
    } else {
      await referencing;
      await held.commit();
    }
    expect(await contactInboxes.count(c, { inboxId: inbox.id })).toBe(1);
  });

  it('refuses a lock outside a transaction', async () => {
    const inbox = await inboxes.create(a, { name: 'no transaction', channel: 'widget', publicKey: 'ib_lock_none' });
    await expect(inboxes.findById(a, inbox.id, { lock: 'update' })).rejects.toThrow(/transaction/i);
  });
});
