import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { WorkspacesService } from '@switchboard/conversations';
import {
  AnswerTrace,
  Contact,
  Conversation,
  Inbox,
  LlmCall,
  Message,
  OutboxEntry,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { EMAIL_ATTACHMENT_SOURCE } from '@switchboard/channels';
import { BLOB_STORE, BlobStore } from '@switchboard/knowledge';
import { QueueModule } from '@switchboard/queue';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { initTestModule } from '../../../test/support/test-module';
import { PrivacyModule } from './privacy.module';
import { RetentionService } from './retention.service';

const DAY = 24 * 60 * 60 * 1000;

describe('RetentionService', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let retention: RetentionService;
  let workspaces: WorkspacesService;

  beforeAll(async () => {
    environment = await createTestEnvironment('retention', { RETENTION_BATCH_SIZE: '2' });
    moduleRef = await initTestModule(environment, { imports: [QueueModule.forRoot({ relay: false }), PrivacyModule] });
    dataSource = moduleRef.get(getDataSourceToken());
    retention = moduleRef.get(RetentionService);
    workspaces = moduleRef.get(WorkspacesService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function workspace(name: string, retentionDays: number | null): Promise<{ id: WorkspaceId; inboxId: string }> {
    const created = await workspaces.createWith(name, { retentionDays }, async (row) => row);
    const id = asWorkspaceId(created.id);
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId: id, name: 'Widget', channel: 'widget', publicKey: `ib_${created.id}` });
    return { id, inboxId: inbox.id };
  }

  /** A conversation idle for `idleDays`, with a message, an answer trace, an LLM call and an outbox row. */
  async function conversation(
    at: { id: WorkspaceId; inboxId: string },
    idleDays: number,
    attachments: object[] = [],
  ): Promise<string> {
    const workspaceId = at.id;
    const contact = await dataSource.getRepository(Contact).save({ workspaceId, attributes: {} });
    const { id } = await dataSource.getRepository(Conversation).save({
      workspaceId,
      inboxId: at.inboxId,
      contactId: contact.id,
      owner: 'bot',
      lastActivityAt: new Date(Date.now() - idleDays * DAY),
    });
    await dataSource.getRepository(Message).insert({
      workspaceId,
      conversationId: id,
      direction: 'incoming',
      author: 'contact',
      content: 'hi',
      metadata: attachments.length > 0 ? { attachments } : {},
    });
    await dataSource.getRepository(AnswerTrace).insert({
      workspaceId,
      conversationId: id,
      question: 'hi',
      confidence: 0.9,
      threshold: 0.5,
      decision: 'answer',
    });
    await dataSource.getRepository(LlmCall).insert({
      workspaceId,
      conversationId: id,
      task: 'answer',
      provider: 'primary',
      model: 'm',
      prompt: 'hi',
      status: 'ok',
    });
    await dataSource.getRepository(OutboxEntry).insert({
      workspaceId,
      queue: 'answers',
      jobName: 'answers.answer-message',
      payload: { workspaceId, conversationId: id, messageId: id },
    });
    return id;
  }

  /** What is left of these conversations, table by table. */
  async function left(ids: string[]): Promise<Record<string, number>> {
    return {
      conversations: await dataSource.getRepository(Conversation).countBy({ id: In(ids) }),
      messages: await dataSource.getRepository(Message).countBy({ conversationId: In(ids) }),
      traces: await dataSource.getRepository(AnswerTrace).countBy({ conversationId: In(ids) }),
      llmCalls: await dataSource.getRepository(LlmCall).countBy({ conversationId: In(ids) }),
    };
  }

  it('deletes, batch by batch, the conversations idle past the period with what other libs hold about them, and nothing else', async () => {
    const kept = await workspace('Keeps 30 days', 30);
    const forever = await workspace('Keeps everything', null);
    const blobs = moduleRef.get<BlobStore>(BLOB_STORE, { strict: false });
    const file = { workspaceId: kept.id, sourceId: EMAIL_ATTACHMENT_SOURCE, documentId: randomUUID() };
    await blobs.put(file, Buffer.from('receipt'));
    const receipt = { name: 'receipt.txt', contentType: 'text/plain', size: 7, blobKey: file.documentId };
    const expired = [await conversation(kept, 400, [receipt])];
    for (const days of [31, 45, 90, 1000]) expired.push(await conversation(kept, days));
    const recent = [await conversation(kept, 29), await conversation(kept, 0)];
    const untouched = [await conversation(forever, 1000)];

    const outcomes = await retention.applyAll();

    const outcome = outcomes.find((entry) => entry.workspaceId === kept.id);
    expect(outcome).toMatchObject({
      conversations: 5,
      counts: { answerTraces: 5, llmCalls: 5, outboxEntries: 5, emailAttachments: 1 },
    });
    await expect(blobs.get(file)).rejects.toThrow();
    expect(outcomes.map((entry) => entry.workspaceId)).not.toContain(forever.id);
    expect(await left(expired)).toMatchObject({ conversations: 0, messages: 0, traces: 0, llmCalls: 0 });
    expect(await left(recent)).toMatchObject({ conversations: 2, messages: 2, traces: 2, llmCalls: 2 });
    expect(await left(untouched)).toMatchObject({ conversations: 1, messages: 1, traces: 1, llmCalls: 1 });
    const outboxOf = async (ids: string[]) =>
      (await dataSource.getRepository(OutboxEntry).find()).filter((row) =>
        ids.includes(String(row.payload.conversationId)),
      ).length;
    expect(await outboxOf(expired)).toBe(0);
    expect(await outboxOf([...recent, ...untouched])).toBe(3);
  });
});
