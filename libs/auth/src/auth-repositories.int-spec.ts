import { EventEmitter2 } from '@nestjs/event-emitter';
import { AGENT_PRESENCE_TIMEOUT_MS, UnitOfWork, WorkspaceId } from '@switchboard/database';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../test/support/test-data-source';
import { AgentDirectoryService } from './agent-directory.service';
import { AgentSessionsRepository } from './agent-sessions.repository';
import { AgentsRepository } from './agents.repository';
import { ApiKeysRepository } from './api-keys.repository';

/** The queries of the auth repositories that cross tenants: sign-in, and resolving a session or an API key. */
describe('auth repositories against real Postgres', () => {
  let database: TestDataSource;
  let agents: AgentsRepository;
  let sessions: AgentSessionsRepository;
  let keys: ApiKeysRepository;
  let a: WorkspaceId;
  let b: WorkspaceId;

  beforeAll(async () => {
    database = await openTestDataSource('auth_repos');
    const { dataSource } = database;
    agents = new AgentsRepository(dataSource);
    sessions = new AgentSessionsRepository(dataSource);
    keys = new ApiKeysRepository(dataSource);
    [a, b] = await createTestWorkspaces(dataSource, 'A', 'B');
  });

  afterAll(() => database?.destroy());

  const agent = (workspaceId: WorkspaceId, email: string, passwordHash: string | null = 'hash') =>
    agents.create(workspaceId, { email, name: email, role: 'agent', passwordHash });

  it('finds the agents of an e-mail in every workspace, oldest first, with their hashes, or in the one asked for', async () => {
    const inA = await agent(a, 'sam@example.test', 'hash-a');
    const inB = await agent(b, 'sam@example.test', 'hash-b');
    await agent(a, 'other@example.test');

    const everywhere = await agents.withPasswordByEmail('sam@example.test');
    expect(everywhere.map((row) => [row.id, row.passwordHash])).toEqual([
      [inA.id, 'hash-a'],
      [inB.id, 'hash-b'],
    ]);
    expect((await agents.withPasswordByEmail('sam@example.test', b)).map((row) => row.id)).toEqual([inB.id]);
    // Everywhere else the hash stays unselected.
    expect((await agents.findById(a, inA.id))?.passwordHash).toBeUndefined();
  });

  it('resolves only unexpired sessions, drops an agent’s expired ones on sign-in, and ends them per workspace', async () => {
    const mia = await agent(a, 'mia@example.test');
    const other = await agent(a, 'ola@example.test');
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 3_600_000);
    await sessions.open(a, mia.id, 'expired-mia', past);
    await sessions.open(a, other.id, 'expired-ola', past);
    expect(await sessions.findLive('expired-mia')).toBeNull();

    await sessions.open(a, mia.id, 'live-mia', future);
    const live = await sessions.findLive('live-mia');
    expect(live).toMatchObject({ workspaceId: a, agentId: mia.id, agent: { id: mia.id, email: 'mia@example.test' } });
    expect(await sessions.count(a, { agentId: mia.id })).toBe(1);
    expect(await sessions.count(a, { agentId: other.id })).toBe(1);

    await sessions.deleteAllOf(b, mia.id);
    expect(await sessions.findLive('live-mia')).not.toBeNull();
    await sessions.deleteAllOf(a, mia.id);
    expect(await sessions.findLive('live-mia')).toBeNull();
  });

  it('resolves an API key by its hash until it is revoked', async () => {
    const key = await keys.create(b, { name: 'CI', prefix: 'sb_abc', keyHash: 'key-hash' });
    expect((await keys.findLive('key-hash'))?.workspaceId).toBe(b);

    const usedAt = new Date('2026-01-02T03:04:05Z');
    await keys.touch(key.id, usedAt);
    expect((await keys.findById(b, key.id))?.lastUsedAt).toEqual(usedAt);

    await keys.update(b, key.id, { revokedAt: new Date() });
    expect(await keys.findLive('key-hash')).toBeNull();
  });

  it('finds the workspace’s agents, tells who is present, in the caller’s unit of work when given one', async () => {
    const directory = new AgentDirectoryService(agents);
    const unitOfWork = new UnitOfWork(database.dataSource, new EventEmitter2());
    const [c, d] = await createTestWorkspaces(database.dataSource, 'C', 'D');
    const stale = new Date(Date.now() - AGENT_PRESENCE_TIMEOUT_MS - 1000);
    const away = await agents.create(c, { email: 'away@example.test', name: 'Away', lastSeenAt: stale });
    expect(await directory.anyPresent(c)).toBe(false);
    const here = await agents.create(c, { email: 'here@example.test', name: 'Here', lastSeenAt: new Date() });

    expect(await directory.anyPresent(c)).toBe(true);
    expect(await directory.anyPresent(d)).toBe(false);
    expect((await directory.find(c, away.id))?.name).toBe('Away');
    expect(await directory.find(d, away.id)).toBeNull();
    expect(await directory.find(c, 'not-a-uuid')).toBeNull();
    expect(await directory.findPresent(c, away.id)).toBeNull();
    const inUnit = await unitOfWork.run(c, async (work) => {
      await agents.withManager(work.manager).update(c, away.id, { lastSeenAt: new Date() });
      return directory.findPresent(c, away.id, work);
    });
    expect(inUnit?.id).toBe(away.id);
    expect((await directory.findPresent(c, here.id))?.id).toBe(here.id);
  });
});
