import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ConfigModule } from '@switchboard/config';
import {
  Conversation,
  DEFAULT_WORKSPACE_SETTINGS,
  DatabaseModule,
  MessageAttachment,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { KeyedBlobStore } from '@switchboard/storage';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { ConversationMessagesService } from '../conversation-messages.service';
import { ConversationsModule } from '../conversations.module';
import { InboxesService } from '../inboxes.service';
import { ATTACHMENT_BLOBS, AttachmentRejectedError, MessageAttachmentsService } from './message-attachments.service';

const MAX_BYTES = 4096;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-pixels')]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');

/** Attachments against the real Postgres and blob directory: stored with their message, read back, erased. */
describe('MessageAttachmentsService', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let service: MessageAttachmentsService;
  let messages: ConversationMessagesService;
  let blobs: KeyedBlobStore;
  let dataSource: DataSource;
  let a: WorkspaceId;
  let b: WorkspaceId;
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('message_attachments', { ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
    moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot('api', environment.config('api')),
        DatabaseModule,
        EventEmitterModule.forRoot(),
        ConversationsModule,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    service = moduleRef.get(MessageAttachmentsService);
    messages = moduleRef.get(ConversationMessagesService);
    blobs = moduleRef.get(ATTACHMENT_BLOBS);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    [a, b] = await Promise.all(['A', 'B'].map((name) => workspace(name)));
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function workspace(name: string): Promise<WorkspaceId> {
    const row = await dataSource.getRepository(Workspace).save({ name, settings: DEFAULT_WORKSPACE_SETTINGS });
    return asWorkspaceId(row.id);
  }

  /** A new visitor's conversation in a new widget inbox of the workspace. */
  async function conversationOf(workspaceId: WorkspaceId, sourceId = `visitor-${++sequence}`) {
    const { inbox } = await moduleRef.get(InboxesService).create(workspaceId, { name: 'Site', channel: 'widget' });
    return messages.openConversation(workspaceId, { inboxId: inbox.id, sourceId });
  }

  const blobExists = (row: MessageAttachment) =>
    blobs.get([row.workspaceId, row.conversationId, row.blobKey]).then(
      () => true,
      () => false,
    );

  const rowsOf = (workspaceId: WorkspaceId, contactId: string) =>
    dataSource.getRepository(MessageAttachment).find({ where: { workspaceId, contactId } });

  it('stores the file as a customer message: a row with the sniffed type, size and hash, and the blob', async () => {
    const { conversation, contact } = await conversationOf(a);
    const received = await service.receive(a, conversation.id, {
      content: PNG,
      fileName: '../secret/photo"1".png',
      clientMessageId: 'c-1',
    });
    expect(received.duplicate).toBe(false);
    expect(received.message).toMatchObject({ author: 'contact', content: 'photo_1_.png', kind: 'message' });
    expect(received.message.metadata).toMatchObject({ fileAttached: true });
    const [row] = await rowsOf(a, contact.id);
    expect(row).toMatchObject({
      conversationId: conversation.id,
      messageId: received.message.id,
      contentType: 'image/png',
      byteSize: PNG.length,
      fileName: 'photo_1_.png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    expect(await blobExists(row)).toBe(true);
    const views = await service.viewsOf(a, [received.message]);
    expect(views.get(received.message.id)).toEqual([
      { id: row.id, name: 'photo_1_.png', contentType: 'image/png', size: PNG.length, previewable: true },
    ]);
  });

  it('stores a retried upload once and drops the second blob', async () => {
    const { conversation, contact } = await conversationOf(a);
    const first = await service.receive(a, conversation.id, { content: PDF, fileName: 'a.pdf', clientMessageId: 'r' });
    const again = await service.receive(a, conversation.id, { content: PDF, fileName: 'a.pdf', clientMessageId: 'r' });
    expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    expect(await rowsOf(a, contact.id)).toHaveLength(1);
    expect(await blobs.list([a, conversation.id])).toHaveLength(1);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'empty'],
    ['a file over ATTACHMENT_MAX_BYTES', Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]), 'too_large'],
    ['HTML named like an image', Buffer.from('<html><script>alert(1)</script></html>'), 'unsupported_type'],
  ])('refuses %s and stores nothing', async (_what, content, reason) => {
    const { conversation, contact } = await conversationOf(a);
    const refused = await service.receive(a, conversation.id, { content, fileName: 'x.png' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AttachmentRejectedError);
    expect((refused as AttachmentRejectedError).reason).toBe(reason);
    expect(await rowsOf(a, contact.id)).toHaveLength(0);
    expect(await blobs.list([a, conversation.id])).toEqual([]);
  });

  it('opens an attachment only in its own workspace and conversation', async () => {
    const { conversation } = await conversationOf(a);
    const other = await conversationOf(a);
    const { message } = await service.receive(a, conversation.id, { content: PNG, fileName: 'p.png' });
    const [view] = (await service.viewsOf(a, [message])).get(message.id) ?? [];
    const opened = await service.open(a, conversation.id, view.id);
    expect(opened?.content.equals(PNG)).toBe(true);
    expect(await service.open(b, conversation.id, view.id)).toBeNull();
    expect(await service.open(a, other.conversation.id, view.id)).toBeNull();
    expect(await service.open(a, conversation.id, 'not-a-uuid')).toBeNull();
  });

  it("exports a contact's attachments with their bytes, and erases rows and blobs, in their workspace only", async () => {
    const { conversation, contact } = await conversationOf(a);
    await service.receive(a, conversation.id, { content: PNG, fileName: 'one.png' });
    await service.receive(a, conversation.id, { content: PDF, fileName: 'two.pdf' });
    expect(await service.exportForContact(b, contact.id)).toEqual([]);
    expect(await service.eraseForContact(b, contact.id)).toBe(0);

    const exported = await service.exportForContact(a, contact.id);
    expect(exported.map(({ attachment, content }) => [attachment.fileName, content.toString('base64')])).toEqual([
      ['one.png', PNG.toString('base64')],
      ['two.pdf', PDF.toString('base64')],
    ]);
    const rows = await rowsOf(a, contact.id);
    expect(await service.eraseForContact(a, contact.id)).toBe(2);
    expect(await rowsOf(a, contact.id)).toHaveLength(0);
    for (const row of rows) expect(await blobExists(row)).toBe(false);
  });

  it('erases the attachments of conversations before retention deletes them', async () => {
    const { conversation, contact } = await conversationOf(a);
    const kept = await conversationOf(a);
    await service.receive(a, conversation.id, { content: PNG, fileName: 'gone.png' });
    await service.receive(a, kept.conversation.id, { content: PNG, fileName: 'kept.png' });
    const [row] = await rowsOf(a, contact.id);
    expect(await service.eraseForConversations(a, [conversation.id])).toBe(1);
    expect(await blobExists(row)).toBe(false);
    expect(await rowsOf(a, kept.contact.id)).toHaveLength(1);
  });

  it('sweeps the blobs of conversations deleted without erasing them first, and keeps those of live ones', async () => {
    const workspaceId = await workspace('Sweep');
    const { conversation, contact } = await conversationOf(workspaceId);
    const kept = await conversationOf(workspaceId);
    await service.receive(workspaceId, conversation.id, { content: PNG, fileName: 'orphan.png' });
    await service.receive(workspaceId, kept.conversation.id, { content: PNG, fileName: 'kept.png' });
    const [orphan] = await rowsOf(workspaceId, contact.id);
    // The rows go with their messages (ON DELETE CASCADE); the blob stays until swept.
    await dataSource.getRepository(Conversation).delete({ id: conversation.id });
    expect(await rowsOf(workspaceId, contact.id)).toHaveLength(0);
    expect(await blobExists(orphan)).toBe(true);

    // An upload in flight: its blob is written, its row not yet.
    const inFlight = await conversationOf(workspaceId);
    await blobs.put([workspaceId, inFlight.conversation.id, 'in-flight'], PNG);

    expect(await service.sweepOrphanBlobs(workspaceId)).toBe(1);
    expect(await blobExists(orphan)).toBe(false);
    const [keptRow] = await rowsOf(workspaceId, kept.contact.id);
    expect(await blobExists(keptRow)).toBe(true);
    expect(await blobs.list([workspaceId, inFlight.conversation.id])).toEqual(['in-flight']);
  });
});
