import { Contact, Conversation, Inbox, Message, TenantRepository, WorkspaceId } from '@switchboard/database';
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

  describe('deleteIdleBatch (the retention job)', () => {
    const DAY = 24 * 60 * 60 * 1000;
    const cutoff = new Date(Date.now() - 30 * DAY);

    async function idleConversation(
      workspaceId: WorkspaceId,
      idleDays: number,
      attachments: object[] = [],
    ): Promise<Conversation> {
      const conversation = await conversationOf(workspaceId);
      await dataSource.getRepository(Message).insert({
        workspaceId,
        conversationId: conversation.id,
        direction: 'incoming',
        author: 'contact',
        content: 'hello',
        metadata: attachments.length > 0 ? { attachments } : {},
      });
      // After the message: the test sets the last activity itself.
      await dataSource
        .getRepository(Conversation)
        .update(conversation.id, { lastActivityAt: new Date(Date.now() - idleDays * DAY) });
      return conversation;
    }
    const exists = async (id: string) => (await dataSource.getRepository(Conversation).countBy({ id })) === 1;
    const messagesOf = (conversationId: string) => dataSource.getRepository(Message).countBy({ conversationId });

    it('deletes idle conversations with their messages, oldest first, at most `limit`, and nothing newer or of another workspace', async () => {
      const receipt = { name: 'receipt.txt', contentType: 'text/plain', size: 5, blobKey: 'blob-1' };
      const oldest = await idleConversation(a, 90, [receipt]);
      const older = await idleConversation(a, 60);
      const old = await idleConversation(a, 31);
      const recent = await idleConversation(a, 29);
      const otherTenant = await idleConversation(b, 400);

      expect(await conversations.deleteIdleBatch(a, cutoff, 2)).toEqual({
        conversationIds: [oldest.id, older.id],
        attachments: [receipt],
      });
      expect((await conversations.deleteIdleBatch(a, cutoff, 2)).conversationIds).toEqual([old.id]);
      expect((await conversations.deleteIdleBatch(a, cutoff, 2)).conversationIds).toEqual([]);

      expect(await messagesOf(oldest.id)).toBe(0);
      expect(await exists(recent.id)).toBe(true);
      expect(await messagesOf(recent.id)).toBe(1);
      expect(await exists(otherTenant.id)).toBe(true);
    });

    it('skips an idle conversation another transaction holds, for a later batch', async () => {
      const held = await idleConversation(b, 45);
      let release!: () => void;
      const releasing = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const locking = new Promise<void>((resolve) => (locked = resolve));
      const holder = dataSource.transaction(async (manager) => {
        await manager.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [held.id]);
        locked();
        await releasing;
      });
      await locking;
      expect((await conversations.deleteIdleBatch(b, cutoff, 10)).conversationIds).not.toContain(held.id);
      release();
      await holder;
      expect((await conversations.deleteIdleBatch(b, cutoff, 10)).conversationIds).toContain(held.id);
    });

    it('does not block a new message in an active conversation while a batch is open', async () => {
      const active = await idleConversation(a, 1);
      await idleConversation(a, 100);
      let release!: () => void;
      const releasing = new Promise<void>((resolve) => (release = resolve));
      let deleted!: (ids: string[]) => void;
      const deleting = new Promise<string[]>((resolve) => (deleted = resolve));
      const batch = dataSource.transaction(async (manager) => {
        deleted((await conversations.withManager(manager).deleteIdleBatch(a, cutoff, 500)).conversationIds);
        await releasing;
      });
      expect(await deleting).toHaveLength(1);
      // While the batch's transaction is open: a lock wait would fail this insert after 2 s instead of hanging.
      await dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL lock_timeout = '2s'`);
        await manager.getRepository(Message).insert({
          workspaceId: a,
          conversationId: active.id,
          direction: 'incoming',
          author: 'contact',
          content: 'still here',
        });
      });
      expect(await waitingForLocks()).toBe(0);
      release();
      await batch;
      expect(await messagesOf(active.id)).toBe(2);
    });
  });
});
