import type { AppConfig } from '@switchboard/config';
import type { WorkspacesService } from '@switchboard/conversations';
import {
  Contact,
  Conversation,
  DEFAULT_WORKSPACE_SETTINGS,
  Inbox,
  PendingActionState,
  TenantRepository,
  WorkspaceId,
} from '@switchboard/database';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../../test/support/test-data-source';
import type { ActionDefinitionView, ActionDefinitionsService } from '../action-definitions.service';
import type { ActionCallContext, ActionCaller, ActionCallResult } from '../calling/action-caller';
import { CANCEL_ORDER, ORDER_STATUS } from './action-definition.fixture';
import { ActionPlannerChoice } from './action-planner-choice';
import { ActionTurnRequest, ActionTurnService, VerifiedCustomer } from './action-turn.service';
import { OfflineActionPlanner } from './offline-action-planner';
import { PendingActionsRepository } from './pending-actions.repository';

const OWNER: VerifiedCustomer = { email: 'maya.chen@example.com', userId: 'maya.chen@example.com' };

/** The caller's side: records what it was asked to call and answers 200 with the arguments. */
class RecordingCaller {
  readonly calls: Array<{ action: string; args: Record<string, unknown>; context: ActionCallContext }> = [];

  async call(definition: ActionDefinitionView, args: Record<string, unknown>, context: ActionCallContext) {
    this.calls.push({ action: definition.name, args, context });
    const result: ActionCallResult = {
      outcome: { kind: 'ok', status: 200, body: { ...args, status: 'cancelled' } },
      record: {
        action: definition.name,
        arguments: args,
        status: 200,
        latencyMs: 3,
        outcome: 'ok',
        attempts: 1,
        responseExcerpt: null,
      },
    };
    return result;
  }
}

describe('ActionTurnService (offline planner, pending actions in Postgres)', () => {
  let database: TestDataSource;
  let pending: PendingActionsRepository;
  let a: WorkspaceId;
  let b: WorkspaceId;
  let caller: RecordingCaller;
  let turns: ActionTurnService;
  let actions: ActionDefinitionView[];

  beforeAll(async () => {
    database = await openTestDataSource('action_turns');
    pending = new PendingActionsRepository(database.dataSource.getRepository(PendingActionState));
    [a, b] = await createTestWorkspaces(database.dataSource, 'A', 'B');
  });

  beforeEach(() => {
    caller = new RecordingCaller();
    actions = [ORDER_STATUS, CANCEL_ORDER].map((action) => ({ ...action, workspaceId: a }));
    const definitions = { enabledCached: async () => actions } as unknown as ActionDefinitionsService;
    const workspaces = {
      settings: async () => ({ ...DEFAULT_WORKSPACE_SETTINGS, timezone: 'America/Los_Angeles' }),
    } as unknown as WorkspacesService;
    const config = { llm: { kind: 'offline' }, answers: { allowedLinkDomains: [] } } as unknown as AppConfig;
    const choice = new ActionPlannerChoice(config, new OfflineActionPlanner());
    turns = new ActionTurnService(definitions, caller as unknown as ActionCaller, pending, workspaces, choice, config);
  });

  afterAll(() => database?.destroy());

  async function conversationIn(workspaceId: WorkspaceId): Promise<string> {
    const inbox = await new TenantRepository(database.dataSource.getRepository(Inbox)).create(workspaceId, {
      name: 'Widget',
      channel: 'widget',
      publicKey: `ib_${Math.random().toString(36).slice(2)}`,
    });
    const contact = await new TenantRepository(database.dataSource.getRepository(Contact)).create(workspaceId, {
      attributes: {},
    });
    const conversation = await new TenantRepository(database.dataSource.getRepository(Conversation)).create(
      workspaceId,
      { inboxId: inbox.id, contactId: contact.id, owner: 'bot' },
    );
    return conversation.id;
  }

  const turn = (conversationId: string, question: string, overrides: Partial<ActionTurnRequest> = {}) =>
    turns.take({
      workspaceId: a,
      conversationId,
      question,
      history: [],
      channel: 'widget',
      visibility: ['public'],
      customer: OWNER,
      deadline: Date.now() + 10_000,
      ...overrides,
    });

  it('holds a side effect for an explicit yes, then calls it once with the verified e-mail', async () => {
    const conversation = await conversationIn(a);
    const asked = await turn(conversation, 'Please cancel my order NW-10482');
    expect(asked).toMatchObject({ kind: 'reply', confirmation: { action: 'cancel_order' } });
    expect(caller.calls).toHaveLength(0);
    const [first, second] = await Promise.all([turn(conversation, 'yes'), turn(conversation, 'yes')]);
    expect(caller.calls).toHaveLength(1);
    expect(caller.calls[0].args).toEqual({ order_number: 'NW-10482' });
    expect(caller.calls[0].context.identity).toEqual({ customer_email: OWNER.email });
    expect([first.kind, second.kind].sort()).toEqual(['documents', 'reply']);
  });

  it('drops the confirmation when the next message is about something else', async () => {
    const conversation = await conversationIn(a);
    await turn(conversation, 'Cancel order NW-10482');
    const other = await turn(conversation, 'How long does delivery take?');
    expect(other.kind).toBe('documents');
    await turn(conversation, 'yes');
    expect(caller.calls).toHaveLength(0);
  });

  it('asks an unverified customer to sign in and keeps nothing waiting', async () => {
    const conversation = await conversationIn(a);
    const reply = await turn(conversation, 'Cancel order NW-10482', { customer: null });
    expect(reply).toMatchObject({ kind: 'reply', confirmation: null, text: expect.stringMatching(/sign in/) });
    expect(await pending.findLive(a, conversation, new Date())).toBeNull();
  });

  it('keeps a follow-up waiting for the missing argument and completes it with the next message', async () => {
    const conversation = await conversationIn(a);
    const asked = await turn(conversation, "What's the status of my order?");
    expect(asked).toMatchObject({ kind: 'reply', text: 'What is your order number?' });
    const answered = await turn(conversation, 'NW-20417');
    expect(answered.kind).toBe('reply');
    expect(caller.calls.map((call) => [call.action, call.args])).toEqual([
      ['order_status', { order_number: 'NW-20417' }],
    ]);
    expect(await pending.findLive(a, conversation, new Date())).toBeNull();
  });

  it('uses only the actions of the channel and visibility', async () => {
    const conversation = await conversationIn(a);
    actions = actions.map((action) => ({ ...action, channels: ['email'] }));
    expect((await turn(conversation, 'Where is my order NW-10482?')).kind).toBe('documents');
    actions = actions.map((action) => ({ ...action, channels: null, visibility: 'internal' }));
    expect((await turn(conversation, 'Where is my order NW-10482?')).kind).toBe('documents');
    expect(caller.calls).toHaveLength(0);
  });

  it("keeps one workspace's waiting action out of another's reach", async () => {
    const conversation = await conversationIn(a);
    await turn(conversation, 'Cancel order NW-10482');
    expect(await pending.findLive(b, conversation, new Date())).toBeNull();
    expect(await pending.take(b, conversation, (await pending.findLive(a, conversation, new Date()))!.id)).toBe(false);
    expect(await pending.findLive(a, conversation, new Date())).not.toBeNull();
  });

  it('never confirms a question older than 30 minutes', async () => {
    const conversation = await conversationIn(a);
    await turn(conversation, 'Cancel order NW-10482');
    const later = { now: () => new Date(Date.now() + 31 * 60_000) };
    const definitions = { enabledCached: async () => actions } as unknown as ActionDefinitionsService;
    const workspaces = { settings: async () => DEFAULT_WORKSPACE_SETTINGS } as unknown as WorkspacesService;
    const choice = new ActionPlannerChoice({ llm: { kind: 'offline' } } as AppConfig, new OfflineActionPlanner());
    const lateTurns = new ActionTurnService(
      definitions,
      caller as unknown as ActionCaller,
      pending,
      workspaces,
      choice,
      { llm: { kind: 'offline' }, answers: { allowedLinkDomains: [] } } as unknown as AppConfig,
      later,
    );
    const reply = await lateTurns.take({
      workspaceId: a,
      conversationId: conversation,
      question: 'yes',
      history: [],
      channel: 'widget',
      visibility: ['public'],
      customer: OWNER,
      deadline: Date.now() + 10_000,
    });
    expect(reply.kind).toBe('documents');
    expect(caller.calls).toHaveLength(0);
  });
});
