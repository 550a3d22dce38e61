import { AnswerTracesRepository, AnswerTracesService } from '@switchboard/answers';
import { answerTrace } from '@switchboard/answers/testing';
import {
  Contact,
  Conversation,
  DEFAULT_WORKSPACE_SETTINGS,
  Inbox,
  TicketStatus,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { DataSource } from 'typeorm';
import { TestDataSource, openTestDataSource } from '../../../../test/support/test-data-source';
import { ThresholdSimulatorService } from './threshold-simulator.service';
import { TicketsRepository } from '../tickets.repository';

describe('ThresholdSimulatorService against real Postgres', () => {
  let database: TestDataSource;
  let dataSource: DataSource;
  let traces: AnswerTracesService;
  let tickets: TicketsRepository;
  let simulator: ThresholdSimulatorService;

  beforeAll(async () => {
    database = await openTestDataSource('simulator');
    dataSource = database.dataSource;
    traces = new AnswerTracesService(new AnswerTracesRepository(dataSource));
    tickets = new TicketsRepository(dataSource.manager);
    simulator = new ThresholdSimulatorService(traces, tickets);
  });

  afterAll(() => database?.destroy());

  /** A workspace with one conversation for its tickets (the conversations tables have no repository yet). */
  async function workspace(name: string): Promise<{ id: WorkspaceId; conversationId: string }> {
    const saved = await dataSource.getRepository(Workspace).save({ name, settings: DEFAULT_WORKSPACE_SETTINGS });
    const id = asWorkspaceId(saved.id);
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId: id, name: 'Site', channel: 'widget', publicKey: `ib_${name}` });
    const contact = await dataSource.getRepository(Contact).save({ workspaceId: id, name: 'Visitor' });
    const conversation = await dataSource
      .getRepository(Conversation)
      .save({ workspaceId: id, inboxId: inbox.id, contactId: contact.id });
    return { id, conversationId: conversation.id };
  }

  async function trace(
    workspaceId: WorkspaceId,
    confidence: number,
    decision: 'answer' | 'escalate',
    helpful?: boolean,
  ): Promise<string> {
    const id = await traces.record(answerTrace(workspaceId, { confidence, decision }));
    if (helpful !== undefined) await traces.recordFeedback(workspaceId, id, helpful);
    return id;
  }

  async function ticket(
    ws: { id: WorkspaceId; conversationId: string },
    answerTraceId: string,
    status: TicketStatus,
  ): Promise<void> {
    await tickets.insert(ws.id, {
      conversationId: ws.conversationId,
      reason: 'low_confidence',
      status,
      assigneeId: null,
      answerTraceId,
      confidenceTrace: {},
      summary: '',
      sources: [],
    });
  }

  it("counts each side's outcomes from feedback and from the tickets agents resolved, in its own workspace only", async () => {
    const a = await workspace('a');
    const b = await workspace('b');
    await trace(a.id, 0.9, 'answer', true);
    await trace(a.id, 0.8, 'answer', false);
    const answeredBelow = await trace(a.id, 0.3, 'answer');
    const resolved = await trace(a.id, 0.2, 'escalate');
    await ticket(a, resolved, 'resolved');
    const stillOpen = await trace(a.id, 0.6, 'escalate');
    await ticket(a, stillOpen, 'open');
    // Another workspace's ticket naming A's trace, and its own traces, change nothing for A.
    await ticket(b, answeredBelow, 'resolved');
    await trace(b.id, 0.9, 'answer', true);

    const simulation = await simulator.simulate(a.id, 0.5);

    expect(simulation).toEqual({
      threshold: 0.5,
      traces: 5,
      from: null,
      to: null,
      wouldAnswer: { count: 3, helpful: 1, notHelpful: 1, resolvedByAgent: 0, unknown: 1 },
      wouldEscalate: { count: 2, helpful: 0, notHelpful: 0, resolvedByAgent: 1, unknown: 1 },
      changed: 2,
    });
    const before = new Date(Date.now() - 24 * 3600 * 1000);
    expect(await simulator.simulate(a.id, 0.5, { to: before })).toMatchObject({
      traces: 0,
      to: before.toISOString(),
      wouldAnswer: { count: 0 },
    });
  });
});
