import { DataSource } from 'typeorm';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { dataSourceOptions } from './data-source-options';
import { DEFAULT_WORKSPACE_SETTINGS, Inbox, Workspace } from './entities';
import { MissingWorkspaceError, TenantRepository, WorkspaceId, asWorkspaceId } from './tenant.repository';

describe('TenantRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let inboxes: TenantRepository<Inbox>;
  let a: WorkspaceId;
  let b: WorkspaceId;

  beforeAll(async () => {
    database = await createTestDatabase('tenant');
    dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
    inboxes = new TenantRepository(dataSource.getRepository(Inbox));
    const workspaces = dataSource.getRepository(Workspace);
    a = asWorkspaceId((await workspaces.save({ name: 'A', settings: DEFAULT_WORKSPACE_SETTINGS })).id);
    b = asWorkspaceId((await workspaces.save({ name: 'B', settings: DEFAULT_WORKSPACE_SETTINGS })).id);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('refuses every query without a workspace id', async () => {
    for (const missing of [undefined, null, '', 'not-a-uuid']) {
      const id = missing as unknown as WorkspaceId;
      await expect(inboxes.find(id)).rejects.toThrow(MissingWorkspaceError);
      await expect(inboxes.findOne(id, { name: 'x' })).rejects.toThrow(MissingWorkspaceError);
      await expect(inboxes.count(id)).rejects.toThrow(MissingWorkspaceError);
      await expect(
        inboxes.create(id, { name: 'x', channel: 'widget', publicKey: `k${String(missing)}` }),
      ).rejects.toThrow(MissingWorkspaceError);
    }
    const someId = '00000000-0000-4000-8000-000000000000';
    await expect(inboxes.update('' as WorkspaceId, someId, { name: 'y' })).rejects.toThrow(MissingWorkspaceError);
    await expect(inboxes.delete('' as WorkspaceId, someId)).rejects.toThrow(MissingWorkspaceError);
    expect(await dataSource.getRepository(Inbox).count()).toBe(0);
  });

  it("scopes reads and writes to the workspace, so one tenant never touches another's rows", async () => {
    const inboxOfB = await inboxes.create(b, { name: 'B inbox', channel: 'widget', publicKey: 'ib_b' });
    await inboxes.create(a, { name: 'A inbox', channel: 'email', publicKey: 'ib_a' });

    expect(await inboxes.findById(a, inboxOfB.id)).toBeNull();
    expect((await inboxes.find(a)).map((i) => i.name)).toEqual(['A inbox']);
    expect(await inboxes.update(a, inboxOfB.id, { name: 'hijacked' })).toBe(false);
    expect(await inboxes.delete(a, inboxOfB.id)).toBe(false);
    expect((await inboxes.findById(b, inboxOfB.id))?.name).toBe('B inbox');
  });

  it('ignores a workspace id smuggled into the values or the filter', async () => {
    const created = await inboxes.create(a, {
      name: 'smuggled',
      channel: 'widget',
      publicKey: 'ib_smuggled',
      ...({ workspaceId: b } as object),
    });
    expect(created.workspaceId).toBe(a);
    expect(await inboxes.find(a, { where: { workspaceId: b } })).toHaveLength(2);
  });
});
