import { TestingModule } from '@nestjs/testing';
import { AgentsService, AuthModule } from '@switchboard/auth';
import { ChannelsModule } from '@switchboard/channels';
import {
  ConversationMessagesService,
  ConversationsModule,
  InboxesService,
  WorkspacesService,
} from '@switchboard/conversations';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { HandoffModule, TicketNotFoundError, TicketsService } from '@switchboard/handoff';
import { QueueModule } from '@switchboard/queue';
import { randomUUID } from 'node:crypto';
import { TestEnvironment, createTestEnvironment } from '../../../../test/support/test-environment';
import { initTestModule } from '../../../../test/support/test-module';
import { HandoffForSlack } from './handoff-for-slack';

/** What Slack's buttons get from handoff: a refusal they can tell the user about, never a handoff error. */
describe('HandoffForSlack', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let handoff: HandoffForSlack;
  let tickets: TicketsService;
  let messages: ConversationMessagesService;
  let workspaceId: WorkspaceId;
  let inboxId: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('handoff-slack');
    moduleRef = await initTestModule(environment, {
      imports: [ConversationsModule, ChannelsModule, QueueModule.forRoot({ relay: false }), HandoffModule, AuthModule],
      providers: [HandoffForSlack],
    });
    handoff = moduleRef.get(HandoffForSlack);
    tickets = moduleRef.get(TicketsService);
    messages = moduleRef.get(ConversationMessagesService);
    const workspace = await moduleRef.get(WorkspacesService).createWith('Shoes', undefined, async (created) => created);
    workspaceId = asWorkspaceId(workspace.id);
    inboxId = (await moduleRef.get(InboxesService).create(workspaceId, { name: 'Site', channel: 'widget' })).inbox.id;
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  const agent = (name: string) =>
    moduleRef.get(AgentsService).create(workspaceId, { email: `${name}@shoes.test`, name, role: 'agent' });

  async function openTicket(): Promise<{ conversationId: string; ticketId: string }> {
    const opened = await messages.openConversation(workspaceId, { inboxId, sourceId: randomUUID() });
    const { ticket } = await tickets.openTicket(workspaceId, opened.conversation.id, { reason: 'customer_asked' });
    return { conversationId: opened.conversation.id, ticketId: ticket.id };
  }

  it("claims an open ticket, and refuses another agent's claim and a closed ticket's", async () => {
    const [ann, bo] = [await agent('ann'), await agent('bo')];
    const { ticketId } = await openTicket();
    await expect(handoff.claim(workspaceId, ticketId, ann.id)).resolves.toBe(true);
    await expect(handoff.claim(workspaceId, ticketId, bo.id)).resolves.toBe(false);
    expect((await tickets.get(workspaceId, ticketId)).assigneeId).toBe(ann.id);

    await tickets.resolve(workspaceId, ticketId, ann.id);
    await expect(handoff.claim(workspaceId, ticketId, bo.id)).resolves.toBe(false);
  });

  it("finds the agent behind a Slack profile's e-mail whatever its case, and lets an unknown ticket's error through", async () => {
    const cy = await agent('cy');
    const found = await moduleRef.get(AgentsService).findByEmail(workspaceId, ' CY@Shoes.test');
    expect(found?.id).toBe(cy.id);
    await expect(handoff.claim(workspaceId, randomUUID(), cy.id)).rejects.toBeInstanceOf(TicketNotFoundError);
  });

  it("leaves feedback on a message that is not the bot's answer alone", async () => {
    const { conversationId } = await openTicket();
    const question = await messages.receiveCustomerMessage(workspaceId, conversationId, { content: 'Where is it?' });
    await expect(handoff.recordFeedback(workspaceId, conversationId, question.message.id, 'down')).resolves.toBe(
      undefined,
    );
    const [stored] = await messages
      .history(workspaceId, conversationId, { includePrivate: true })
      .then((history) => history.filter((message) => message.id === question.message.id));
    expect(stored?.feedback ?? null).toBeNull();
  });
});
