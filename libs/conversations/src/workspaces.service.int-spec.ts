import { auditLogOver } from '@switchboard/audit/testing';
import { DEFAULT_WORKSPACE_SETTINGS, Workspace, asWorkspaceId, dataSourceOptions } from '@switchboard/database';
import { DataSource, Repository } from 'typeorm';
import { eventually } from '../../../test/support/eventually';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { WorkspacesRepository } from './workspaces.repository';
import { SETTINGS_CACHE_MS, WorkspacesService } from './workspaces.service';

describe('WorkspacesService settings', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: Repository<Workspace>;

  beforeAll(async () => {
    database = await createTestDatabase('workspace-settings');
    dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
    repository = dataSource.getRepository(Workspace);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function workspace(settings: Partial<Workspace['settings']> = {}) {
    const saved = await repository.save({ name: 'Shop', settings: settings as Workspace['settings'] });
    return asWorkspaceId(saved.id);
  }

  /** A service over the real repository, counting the reads that reach the database. */
  function service() {
    // The workspaces repository reads through the manager's one Repository<Workspace>: the one spied on here.
    const reads = jest.spyOn(repository, 'findOne');
    return {
      workspaces: new WorkspacesService(new WorkspacesRepository(dataSource.manager), auditLogOver(dataSource)),
      reads,
    };
  }

  afterEach(() => jest.restoreAllMocks());

  it('fills in the defaults for what the workspace never set, and gives the defaults for an unknown id', async () => {
    const id = await workspace({ confidenceThreshold: 0.7 });
    const { workspaces } = service();
    expect(await workspaces.settings(id)).toEqual({ ...DEFAULT_WORKSPACE_SETTINGS, confidenceThreshold: 0.7 });
    expect(await workspaces.settings(asWorkspaceId('00000000-0000-4000-8000-000000000000'))).toEqual(
      DEFAULT_WORKSPACE_SETTINGS,
    );
  });

  it('reads a workspace once for concurrent and repeated turns within the cache time', async () => {
    const id = await workspace();
    const { workspaces, reads } = service();
    await Promise.all(Array.from({ length: 20 }, () => workspaces.settings(id)));
    await workspaces.settings(id);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('applies a change made through it at once', async () => {
    const id = await workspace({ confidenceThreshold: 0.5 });
    const { workspaces } = service();
    expect((await workspaces.settings(id)).confidenceThreshold).toBe(0.5);
    await workspaces.updateSettings(id, { confidenceThreshold: 0.9 });
    expect((await workspaces.settings(id)).confidenceThreshold).toBe(0.9);
  });

  it('sees a change made by another process once the cache time has passed', async () => {
    const id = await workspace({ confidenceThreshold: 0.5 });
    const { workspaces } = service();
    expect((await workspaces.settings(id)).confidenceThreshold).toBe(0.5);
    await dataSource.query(
      `UPDATE workspaces SET settings = settings || '{"confidenceThreshold": 0.8}' WHERE id = $1`,
      [id],
    );
    const changedAt = Date.now();
    await eventually(async () => (await workspaces.settings(id)).confidenceThreshold === 0.8, {
      timeoutMs: SETTINGS_CACHE_MS * 3,
      what: 'the changed threshold',
    });
    expect(Date.now() - changedAt).toBeLessThan(SETTINGS_CACHE_MS * 2);
  });
});
