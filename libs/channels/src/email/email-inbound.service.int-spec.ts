import { TestingModule } from '@nestjs/testing';
import { AuthModule } from '@switchboard/auth';
import {
  ConversationMessagesService,
  ConversationsModule,
  InboxesService,
  WorkspacesService,
} from '@switchboard/conversations';
import { Inbox, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { BLOB_STORE, BlobStore } from '@switchboard/knowledge';
import { QueueModule } from '@switchboard/queue';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { initTestModule } from '../../../../test/support/test-module';
import { EmailInboundService, InboundOutcome } from './email-inbound.service';

const QUESTION = 'When will the refund for my returned shoes reach my card?';

/** A plain-text mail from `from`, with its Message-ID and any other headers. */
function mail(from: string, messageId: string, headers: Record<string, string> = {}): Buffer {
  const lines = [
    `From: ${from}`,
    'To: support@acme.test',
    'Subject: Refund',
    `Message-ID: ${messageId}`,
    'Content-Type: text/plain; charset=utf-8',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    QUESTION,
    '',
  ];
  return Buffer.from(lines.join('\r\n'));
}

/** The intake serialises per thread inside the units of work that do the work: no lock waits on an idle connection. */
describe('EmailInboundService', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let intake: EmailInboundService;
  let messages: ConversationMessagesService;
  let workspaceId: WorkspaceId;
  let inbox: Inbox;

  beforeAll(async () => {
    environment = await createTestEnvironment('email-intake');
    moduleRef = await initTestModule(environment, {
      imports: [QueueModule.forRoot({ relay: false }), ConversationsModule, AuthModule],
      providers: [EmailInboundService, { provide: BLOB_STORE, useValue: new BlobStore(environment.dataDir) }],
    });
    intake = moduleRef.get(EmailInboundService);
    messages = moduleRef.get(ConversationMessagesService);
    const workspace = await moduleRef.get(WorkspacesService).createWith('Acme', undefined, async (created) => created);
    workspaceId = asWorkspaceId(workspace.id);
    const created = await moduleRef.get(InboxesService).create(workspaceId, {
      name: 'Support',
      channel: 'email',
      settings: { address: 'support@acme.test' },
    });
    inbox = created.inbox;
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  const receive = (raw: Buffer): Promise<InboundOutcome> => intake.receive(inbox, raw, { recipients: [] });

  it('stores a mail delivered several times at once once, in one new conversation', async () => {
    // Ann is a known contact: nothing but the thread's lock stands between the deliveries.
    expect((await receive(mail('Ann <ann@customer.test>', '<earlier@customer.test>'))).status).toBe('stored');
    const raw = mail('Ann <ann@customer.test>', '<race@customer.test>');
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => receive(raw)));

    const stored = outcomes.filter((outcome) => outcome.status === 'stored');
    expect(stored).toHaveLength(1);
    const [first] = stored;
    const duplicates = outcomes.filter((outcome) => outcome.status === 'duplicate');
    expect(duplicates).toEqual(
      Array.from({ length: 5 }, () => ({
        status: 'duplicate',
        conversationId: first.conversationId,
        messageId: first.messageId,
      })),
    );
    const history = await messages.history(workspaceId, first.conversationId, { includePrivate: true });
    expect(history.map((message) => message.clientMessageId)).toEqual(['<race@customer.test>']);
    const thread = await messages.findConversation(workspaceId, { externalThreadId: '<race@customer.test>' });
    expect(thread?.id).toBe(first.conversationId);
  });

  it('threads a reply racing its own redelivery into the conversation it answers', async () => {
    const opened = await receive(mail('Bo <bo@customer.test>', '<start@customer.test>'));
    expect(opened.status).toBe('stored');
    const reply = mail('Bo <bo@customer.test>', '<reply@customer.test>', {
      'In-Reply-To': '<start@customer.test>',
      References: '<start@customer.test>',
    });
    const outcomes = await Promise.all([receive(reply), receive(reply), receive(reply)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['duplicate', 'duplicate', 'stored']);
    const conversationId = (opened as Extract<InboundOutcome, { status: 'stored' }>).conversationId;
    expect(outcomes.every((outcome) => 'conversationId' in outcome && outcome.conversationId === conversationId)).toBe(
      true,
    );
  });

  it('takes in more mails at once than the database pool has connections', async () => {
    // The pool has 20 connections; the intake once held one idle per mail while it waited for more.
    const senders = Array.from({ length: 40 }, (_, index) => `c${index}@customer.test`);
    const outcomes = await Promise.all(senders.map((from) => receive(mail(from, `<bulk-${from}>`))));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(senders.map(() => 'stored'));
    const conversations = new Set(outcomes.map((outcome) => 'conversationId' in outcome && outcome.conversationId));
    expect(conversations.size).toBe(senders.length);
  });
});
