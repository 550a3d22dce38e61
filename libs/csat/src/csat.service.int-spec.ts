import { EventEmitter2 } from '@nestjs/event-emitter';
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  Contact,
  Conversation,
  CsatRating,
  DEFAULT_WORKSPACE_SETTINGS,
  Inbox,
  Workspace,
  WorkspaceId,
  asWorkspaceId,
} from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { initTestModule } from '../../../test/support/test-module';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { CsatRatingsRepository } from './csat-ratings.repository';
import { CSAT_SUBMITTED, CsatSubmittedEvent } from './csat.events';
import { CsatRequestNotFoundError, CsatWindowClosedError, ExpiredCsatLinkError } from './csat.errors';
import { CsatModule } from './csat.module';
import { CsatService } from './csat.service';

const DAY = 86_400_000;

describe('CsatService and its repository against Postgres', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let csat: CsatService;
  let ratings: CsatRatingsRepository;
  const submitted: CsatSubmittedEvent[] = [];
  let sequence = 0;

  beforeAll(async () => {
    environment = await createTestEnvironment('csat_service');
    moduleRef = await initTestModule(environment, { imports: [CsatModule] });
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    csat = moduleRef.get(CsatService);
    ratings = moduleRef.get(CsatRatingsRepository);
    moduleRef.get(EventEmitter2).on(CSAT_SUBMITTED, (event: CsatSubmittedEvent) => submitted.push(event));
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  async function workspace(): Promise<WorkspaceId> {
    const saved = await dataSource
      .getRepository(Workspace)
      .save({ name: `CSAT ${++sequence}`, settings: DEFAULT_WORKSPACE_SETTINGS });
    return asWorkspaceId(saved.id);
  }

  async function conversation(
    workspaceId: WorkspaceId,
    channel: Inbox['channel'] = 'widget',
    contactId?: string,
  ): Promise<Conversation> {
    const inbox = await dataSource
      .getRepository(Inbox)
      .save({ workspaceId, name: 'Site', channel, publicKey: `ib_csat_${++sequence}` });
    const contact =
      contactId ?? (await dataSource.getRepository(Contact).save({ workspaceId, name: `Visitor ${sequence}` })).id;
    return dataSource.getRepository(Conversation).save({ workspaceId, inboxId: inbox.id, contactId: contact });
  }

  /** A resolved conversation with the bot's rating request in it. */
  async function asked(workspaceId: WorkspaceId, agentId: string | null = null, contactId?: string) {
    const resolved = await conversation(workspaceId, 'widget', contactId);
    const request = await csat.requestRating(workspaceId, resolved.id, agentId);
    if (!request) throw new Error('no request stored');
    return { conversation: resolved, request };
  }

  it('stores the rating request as a bot message carrying the resolving agent', async () => {
    const workspaceId = await workspace();
    const agentId = randomUUID();
    const { request } = await asked(workspaceId, agentId);
    expect(request).toMatchObject({ author: 'bot', direction: 'outgoing', kind: 'message' });
    expect(request.metadata).toEqual({ csatRequest: { agentId } });
    expect(request.content).toMatch(/rate this conversation from 1/);
  });

  it("puts a signed link in an e-mail conversation's request", async () => {
    const workspaceId = await workspace();
    const email = await conversation(workspaceId, 'email');
    const request = await csat.requestRating(workspaceId, email.id, null);
    const [, token] = /\/csat\?token=(\S+)$/.exec(request?.content ?? '') ?? [];
    expect(csat.checkLink(token ?? '')).toMatchObject({ workspaceId, conversationId: email.id, agentId: null });
  });

  it('keeps one row per conversation: a change updates it in place, keeps submittedAt and says it changed', async () => {
    const workspaceId = await workspace();
    const agentId = randomUUID();
    const { conversation: rated, request } = await asked(workspaceId, agentId);
    const first = new Date();
    await csat.rateRequest(workspaceId, rated.id, request.id, { score: 2, channel: 'widget' }, first);
    const later = new Date(first.getTime() + DAY);
    const { rating } = await csat.rateRequest(
      workspaceId,
      rated.id,
      request.id,
      { score: 5, comment: ' Sorted it out ', channel: 'widget' },
      later,
    );

    const rows = await dataSource.getRepository(CsatRating).findBy({ conversationId: rated.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: rating.id, score: 5, comment: 'Sorted it out', agentId, channel: 'widget' });
    expect(rows[0].submittedAt.getTime()).toBe(first.getTime());
    expect(rows[0].updatedAt.getTime()).toBe(later.getTime());
    expect(submitted.filter((event) => event.conversationId === rated.id)).toMatchObject([
      { score: 2, changed: false, agentId, contactId: rated.contactId },
      { score: 5, changed: true, comment: 'Sorted it out' },
    ]);
  });

  it('refuses a rating once the window after the request has closed, leaving the rating as it was', async () => {
    const workspaceId = await workspace();
    const { conversation: rated, request } = await asked(workspaceId);
    await csat.rateRequest(workspaceId, rated.id, request.id, { score: 4, channel: 'widget' });
    const windowEnd = new Date(request.createdAt.getTime() + 7 * DAY);

    await expect(
      csat.rateRequest(workspaceId, rated.id, request.id, { score: 1, channel: 'widget' }, windowEnd),
    ).rejects.toThrow(CsatWindowClosedError);
    expect((await csat.ratingOf(workspaceId, rated.id))?.score).toBe(4);
  });

  it('rates only against a rating request of that conversation, in that workspace', async () => {
    const workspaceId = await workspace();
    const other = await workspace();
    const { conversation: rated, request } = await asked(workspaceId);
    const elsewhere = await asked(workspaceId);
    const rate = (ws: WorkspaceId, conversationId: string, messageId: unknown) =>
      csat.rateRequest(ws, conversationId, messageId, { score: 5, channel: 'widget' });

    await expect(rate(workspaceId, rated.id, elsewhere.request.id)).rejects.toThrow(CsatRequestNotFoundError);
    await expect(rate(workspaceId, rated.id, 'not-a-uuid')).rejects.toThrow(CsatRequestNotFoundError);
    await expect(rate(other, rated.id, request.id)).rejects.toThrow(CsatRequestNotFoundError);
    expect(await csat.ratingOf(workspaceId, rated.id)).toBeNull();
    expect(await csat.ratingOf(other, rated.id)).toBeNull();
  });

  it('rates by an e-mailed link until it expires', async () => {
    const workspaceId = await workspace();
    const agentId = randomUUID();
    const email = await conversation(workspaceId, 'email');
    const sentAt = new Date();
    const token = new URL(csat.linkUrl(workspaceId, email.id, agentId, sentAt)).searchParams.get('token') ?? '';

    const { rating } = await csat.rateByLink(token, { score: '3', comment: 'ok' });
    expect(rating).toMatchObject({ score: 3, comment: 'ok', channel: 'email', agentId, contactId: email.contactId });
    await expect(csat.rateByLink(token, { score: 5 }, new Date(sentAt.getTime() + 7 * DAY + 1000))).rejects.toThrow(
      ExpiredCsatLinkError,
    );
  });

  it("reports ratings given in the window, for the bot and by agent, and only the workspace's own", async () => {
    const workspaceId = await workspace();
    const agentId = randomUUID();
    for (const [agent, score] of [
      [null, 5],
      [null, 3],
      [agentId, 4],
    ] as const) {
      const { conversation: rated, request } = await asked(workspaceId, agent);
      await csat.rateRequest(workspaceId, rated.id, request.id, { score, channel: 'widget' });
    }
    const names = async () => new Map([[agentId, 'Ada']]);

    const report = await csat.report(workspaceId, 30, names);
    expect(report.overall).toMatchObject({ count: 3, average: 4 });
    expect(report.bot).toMatchObject({ count: 2, average: 4, distribution: { '3': 1, '5': 1 } });
    expect(report.agents).toMatchObject([{ agentId, name: 'Ada', count: 1, average: 4 }]);
    expect((await csat.report(await workspace(), 30, names)).overall.count).toBe(0);
  });

  it("exports and erases one contact's ratings only, and only in its workspace", async () => {
    const workspaceId = await workspace();
    const contact = await dataSource.getRepository(Contact).save({ workspaceId, name: 'Grace' });
    const mine = [await asked(workspaceId, null, contact.id), await asked(workspaceId, null, contact.id)];
    const someoneElse = await asked(workspaceId);
    for (const { conversation: rated, request } of [...mine, someoneElse]) {
      await csat.rateRequest(workspaceId, rated.id, request.id, { score: 4, comment: 'fine', channel: 'widget' });
    }

    const exported = await csat.exportForContact(workspaceId, contact.id);
    expect(exported).toHaveLength(2);
    expect(exported[0]).toEqual({
      conversationId: mine[0].conversation.id,
      score: 4,
      comment: 'fine',
      channel: 'widget',
      agentId: null,
      submittedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported);
    expect(await csat.exportForContact(await workspace(), contact.id)).toEqual([]);
    expect(await csat.eraseForContact(await workspace(), contact.id)).toBe(0);

    expect(await csat.eraseForContact(workspaceId, contact.id)).toBe(2);
    expect(await csat.exportForContact(workspaceId, contact.id)).toEqual([]);
    expect(await csat.ratingOf(workspaceId, someoneElse.conversation.id)).not.toBeNull();
  });

  it('deletes a rating with its conversation', async () => {
    const workspaceId = await workspace();
    const { conversation: rated, request } = await asked(workspaceId);
    await csat.rateRequest(workspaceId, rated.id, request.id, { score: 5, channel: 'widget' });
    await dataSource.getRepository(Conversation).delete({ id: rated.id });
    expect(await ratings.findForConversation(workspaceId, rated.id)).toBeNull();
  });
});
