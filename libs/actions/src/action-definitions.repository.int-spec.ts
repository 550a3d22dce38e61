import { ActionDefinition, WorkspaceId } from '@switchboard/database';
import { TestDataSource, createTestWorkspaces, openTestDataSource } from '../../../test/support/test-data-source';
import { DuplicateActionNameError } from './action-definition.errors';
import { ActionDefinitionsRepository } from './action-definitions.repository';

const ORDER_STATUS = {
  name: 'order_status',
  description: 'Look up an order.',
  method: 'GET' as const,
  url: 'https://api.example.test/orders/{order_number}',
  parameters: {
    type: 'object' as const,
    properties: { order_number: { type: 'string' as const } },
    required: ['order_number'],
  },
  timeoutMs: 5000,
  maxResponseBytes: 65536,
  secrets: { API_TOKEN: 'v1.sealed' },
};

describe('ActionDefinitionsRepository', () => {
  let database: TestDataSource;
  let actions: ActionDefinitionsRepository;
  let a: WorkspaceId;
  let b: WorkspaceId;

  beforeAll(async () => {
    database = await openTestDataSource('action_definitions');
    actions = new ActionDefinitionsRepository(database.dataSource.getRepository(ActionDefinition));
    [a, b] = await createTestWorkspaces(database.dataSource, 'A', 'B');
  });

  afterAll(() => database?.destroy());

  it('keeps each workspace to its own actions: another workspace can neither read, change nor delete them', async () => {
    const id = await actions.insert(a, { ...ORDER_STATUS, name: 'isolated' });
    expect((await actions.findWithSecrets(a, id))?.name).toBe('isolated');
    expect(await actions.findWithSecrets(b, id)).toBeNull();
    expect(await actions.findById(b, id)).toBeNull();
    expect((await actions.listWithSecrets(b)).map((action) => action.id)).not.toContain(id);
    expect(await actions.update(b, id, { enabled: false })).toBe(false);
    expect(await actions.delete(b, id)).toBe(false);
    expect((await actions.findWithSecrets(a, id))?.enabled).toBe(true);
    expect(await actions.delete(a, id)).toBe(true);
  });

  it('reads sealed secrets only when asked for', async () => {
    const id = await actions.insert(a, { ...ORDER_STATUS, name: 'with_secrets' });
    expect((await actions.findById(a, id))?.secrets).toBeUndefined();
    expect((await actions.findWithSecrets(a, id))?.secrets).toEqual({ API_TOKEN: 'v1.sealed' });
    expect((await actions.listWithSecrets(a)).find((action) => action.id === id)?.secrets).toEqual({
      API_TOKEN: 'v1.sealed',
    });
  });

  it('refuses a second action of the same name in a workspace, on insert and on rename, but not in another', async () => {
    await actions.insert(a, { ...ORDER_STATUS, name: 'unique_name' });
    await expect(actions.insert(a, { ...ORDER_STATUS, name: 'unique_name' })).rejects.toBeInstanceOf(
      DuplicateActionNameError,
    );
    await expect(actions.insert(b, { ...ORDER_STATUS, name: 'unique_name' })).resolves.toEqual(expect.any(String));

    const other = (await actions.findWithSecrets(a, await actions.insert(a, { ...ORDER_STATUS, name: 'other' })))!;
    other.name = 'unique_name';
    await expect(actions.save(other)).rejects.toBeInstanceOf(DuplicateActionNameError);
  });

  it('answers null for ids that are not UUIDs rather than a database error', async () => {
    expect(await actions.findWithSecrets(a, 'not-a-uuid')).toBeNull();
  });
});
