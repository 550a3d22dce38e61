import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { RatingRequestsService } from '@switchboard/conversations';
import {
  Contact,
  Conversation,
  ConversationOwner,
  DEFAULT_WORKSPACE_SETTINGS,
  Inbox,
  Message,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { DataSource } from 'typeorm';
import { initTestModule } from '../../../test/support/test-module';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { CSAT_IDLE_LOOKBACK_MS, CsatIdleSweepService } from './csat-idle-sweep.service';
import { CsatModule } from './csat.module';
import { CsatService } from './csat.service';

const MINUTE = 60_000;

describe('CSAT idle sweep against Postgres', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let sweep: CsatIdleSweepService;
  let csat: CsatService;
  let ratingRequests: RatingRequestsService;
  let sequence = 0;
  const now = new Date();
  const cutoff = new Date(now.getTime() - 30 * MINUTE);
  const idleAt = new Date(now.getTime() - 45 * MINUTE);

  beforeAll(async () => {
    environment = await createTestEnvironment('csat_idle_sweep');
    moduleRef = await initTestModule(environment, { imports: [CsatModule] });
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    sweep = moduleRef.get(CsatIdleSweepService);
    csat = moduleRef.get(CsatService);
    ratingRequests = moduleRef.get(RatingRequestsService);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function workspace(): Promise<WorkspaceId> {
    const saved = await dataSource
      .getRepository(Workspace)
      .save({ name: `CSAT idle ${++sequence}`, settings: DEFAULT_WORKSPACE_SETTINGS });
    return asWorkspaceId(saved.id);
  }

  /** A conversation with the customer's question and (unless said otherwise) a bot answer, last active at `at`. */
  async function conversation(
    workspaceId: WorkspaceId,
    options: { owner?: ConversationOwner; at?: Date; botAnswered?: boolean } = {},
  ): Promise<Conversation> {
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId, name: 'Site', channel: 'widget', publicKey: `ib_idle_${++sequence}` });
    const contact = await dataSource.getRepository(Contact).save({ workspaceId, name: `Visitor ${sequence}` });
    const saved = await dataSource
      .getRepository(Conversation)
      .save({ workspaceId, inboxId: inbox.id, contactId: contact.id, owner: options.owner ?? 'bot' });
    const said: Array<Pick<Message, 'direction' | 'author' | 'content' | 'kind'>> = [
      { direction: 'incoming', author: 'contact', content: 'Hi?', kind: 'message' },
    ];
    if (options.botAnswered !== false)
      said.push({ direction: 'outgoing', author: 'bot', content: 'Hello!', kind: 'answer' });
    await dataSource
      .getRepository(Message)
      .save(said.map((values) => ({ ...values, workspaceId, conversationId: saved.id })));
    await dataSource.getRepository(Conversation).update(saved.id, { lastActivityAt: options.at ?? idleAt });
    return saved;
  }

  async function stateOf(conversationId: string) {
    const stored = await dataSource.getRepository(Conversation).findOneByOrFail({ id: conversationId });
    const requests = await dataSource
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m."conversationId" = :conversationId', { conversationId })
      .andWhere(`m.metadata ? 'csatRequest'`)
      .getMany();
    return { owner: stored.owner, ratingRequestedAt: stored.ratingRequestedAt, requests };
  }

  it('ends an idle bot conversation once: resolved, one rating request by the bot, and not again', async () => {
    const workspaceId = await workspace();
    const idle = await conversation(workspaceId);

    expect(await sweep.sweepWorkspace(workspaceId, cutoff, now)).toBe(1);
    const after = await stateOf(idle.id);
    expect(after.owner).toBe('resolved');
    expect(after.ratingRequestedAt?.getTime()).toBe(now.getTime());
    expect(after.requests).toHaveLength(1);
    expect(after.requests[0]).toMatchObject({
      author: 'bot',
      workspaceId,
      metadata: { csatRequest: { agentId: null } },
    });

    expect(await sweep.sweepWorkspace(workspaceId, cutoff, now)).toBe(0);
    expect((await stateOf(idle.id)).requests).toHaveLength(1);
  });

  it('leaves conversations a person has, recent ones, ones idle past the lookback, ones the bot never answered and ones asked already', async () => {
    const workspaceId = await workspace();
    const queued = await conversation(workspaceId, { owner: 'queued' });
    const withAgent = await conversation(workspaceId, { owner: 'agent' });
    const recent = await conversation(workspaceId, { at: new Date(now.getTime() - 5 * MINUTE) });
    const unanswered = await conversation(workspaceId, { botAnswered: false });
    // Idle since long before the lookback (say, before the sweep was deployed).
    const stale = await conversation(workspaceId, { at: new Date(cutoff.getTime() - CSAT_IDLE_LOOKBACK_MS - MINUTE) });
    // Asked before (an End chat, then the customer came back: the bot has it again).
    const askedBefore = await conversation(workspaceId);
    await csat.requestRating(workspaceId, askedBefore.id, null, idleAt);
    await dataSource.getRepository(Conversation).update(askedBefore.id, { lastActivityAt: idleAt });

    expect(await sweep.sweepWorkspace(workspaceId, cutoff, now)).toBe(0);
    for (const untouched of [queued, withAgent, recent, unanswered, stale]) {
      const state = await stateOf(untouched.id);
      expect(state).toMatchObject({ owner: untouched.owner, ratingRequestedAt: null, requests: [] });
    }
    expect((await stateOf(askedBefore.id)).requests).toHaveLength(1);
  });

  it('asks each conversation once when two sweeps run at the same time', async () => {
    const workspaceId = await workspace();
    const idle = await Promise.all(Array.from({ length: 12 }, () => conversation(workspaceId)));

    const [first, second] = await Promise.all([
      sweep.sweepWorkspace(workspaceId, cutoff, now),
      sweep.sweepWorkspace(workspaceId, cutoff, now),
    ]);

    expect(first + second).toBe(12);
    for (const one of idle) {
      const state = await stateOf(one.id);
      expect(state.owner).toBe('resolved');
      expect(state.requests).toHaveLength(1);
    }
  });

  it('gives the claim back when the customer wrote after it, so a later sweep can ask', async () => {
    const workspaceId = await workspace();
    const idle = await conversation(workspaceId);
    expect(await ratingRequests.claimIdle(workspaceId, { since: idleAt, before: cutoff }, 10, now)).toEqual([idle.id]);
    await dataSource.getRepository(Conversation).update(idle.id, { lastActivityAt: now });

    expect(await csat.endIdleConversation(workspaceId, idle.id, cutoff, now)).toBe(false);
    expect(await stateOf(idle.id)).toMatchObject({ owner: 'bot', ratingRequestedAt: null, requests: [] });
    const later = new Date(now.getTime() + 31 * MINUTE);
    expect(await sweep.sweepWorkspace(workspaceId, new Date(now.getTime() + MINUTE), later)).toBe(1);
    expect((await stateOf(idle.id)).requests).toHaveLength(1);
  });

  it("sweeps one workspace at a time: another workspace's idle conversation is left to its own pass", async () => {
    const [a, b] = [await workspace(), await workspace()];
    const inA = await conversation(a);
    const inB = await conversation(b);

    expect(await ratingRequests.claimIdle(a, { since: idleAt, before: cutoff }, 10, now)).toEqual([inA.id]);
    expect((await stateOf(inB.id)).ratingRequestedAt).toBeNull();
    expect(await ratingRequests.workspacesWithIdleBotConversations({ since: idleAt, before: cutoff })).toContain(b);
    expect(await ratingRequests.workspacesWithIdleBotConversations({ since: idleAt, before: cutoff })).not.toContain(a);

    expect(await sweep.sweep(new Date(now.getTime() + 60 * MINUTE))).toBeGreaterThanOrEqual(1);
    const askedInB = await stateOf(inB.id);
    expect(askedInB.requests).toHaveLength(1);
    expect(askedInB.requests[0].workspaceId).toBe(b);
  });
});
