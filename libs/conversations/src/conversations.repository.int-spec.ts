import { Contact, Conversation, Inbox, TenantRepository, WorkspaceId } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { eventually } from '../../../test/support/eventually';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../test/support/test-data-source';
import { ConversationsRepository } from './conversations.repository';

describe('ConversationsRepository', () => {
  let database: TestDataSource;
  let dataSource: DataSource;
  let conversations: ConversationsRepository;
  let a: WorkspaceId;
  let b: WorkspaceId;

  beforeAll(async () => {
    database = await openTestDataSource('conversations_repository');
    dataSource = database.dataSource;
    conversations = new ConversationsRepository(dataSource.getRepository(Conversation));
    [a, b] = await createTestWorkspaces(dataSource, 'A', 'B');
  });

  afterAll(async () => database.destroy());

  async function conversationOf(workspaceId: WorkspaceId): Promise<Conversation> {
    const inbox = await new TenantRepository(dataSource.getRepository(Inbox)).create(workspaceId, {
      name: 'Widget',
      channel: 'widget',
      publicKey: `ib_${Math.random().toString(36).slice(2)}`,
    });
    const contact = await new TenantRepository(dataSource.getRepository(Contact)).create(workspaceId, {
      attributes: {},
    });
    return conversations.create(workspaceId, { inboxId: inbox.id, contactId: contact.id, owner: 'bot' });
  }

  const waitingForLocks = async (): Promise<number> => {
    const rows: Array<{ count: number }> = await dataSource.query(
      `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return rows[0]?.count ?? 0;
  };

  it('marks activity now and returns the conversation, only in its own workspace', async () => {
    const conversation = await conversationOf(a);
    const touched = await dataSource.transaction((manager) =>
      conversations.withManager(manager).touchLocked(a, conversation.id),
    );
    expect(touched).toMatchObject({ id: conversation.id, workspaceId: a, owner: 'bot' });
    expect(touched!.lastActivityAt.getTime()).toBeGreaterThan(conversation.lastActivityAt.getTime());
    expect(await conversations.withManager(dataSource.manager).touchLocked(b, conversation.id)).toBeNull();
    expect(await conversations.touchLocked(a, 'not-a-uuid')).toBeNull();
  });

  it('holds the row lock until commit: a second writer waits for it', async () => {
    const conversation = await conversationOf(a);
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const first = dataSource.transaction(async (manager) => {
      await conversations.withManager(manager).touchLocked(a, conversation.id);
      held();
      await committing;
    });
    await holding;
    const order: string[] = [];
    const second = dataSource.transaction(async (manager) => {
      await conversations.withManager(manager).touchLocked(a, conversation.id);
      order.push('second touched');
    });
    await eventually(async () => (await waitingForLocks()) === 1, { what: 'the second writer to wait' });
    order.push('first commits');
    commit();
    await first;
    await second;
    expect(order).toEqual(['first commits', 'second touched']);
  });
});
