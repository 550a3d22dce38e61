import { WorkspaceId } from '@switchboard/database';
import { CannedRepliesRepository } from './canned-replies.repository';
import { CannedReplyLimitError, DuplicateCannedReplyError } from './canned-reply.errors';
import { RepositoryTestDatabase, openRepositoryTestDatabase, saveWorkspace } from './testing/handoff-fixtures';

describe('CannedRepliesRepository', () => {
  let database: RepositoryTestDatabase;
  let replies: CannedRepliesRepository;

  beforeAll(async () => {
    database = await openRepositoryTestDatabase('canned_repo');
    replies = new CannedRepliesRepository(database.dataSource.manager);
  });

  afterAll(() => database?.destroy());

  const workspace = (): Promise<WorkspaceId> => saveWorkspace(database.dataSource);

  it("lists a workspace's replies by short code and deletes only its own", async () => {
    const [ws, other] = [await workspace(), await workspace()];
    await replies.createWithinLimit(ws, { shortCode: 'refund', content: 'Refunds take 5 days.' }, 10);
    const hello = await replies.createWithinLimit(ws, { shortCode: 'hello', content: 'Hi!' }, 10);
    await replies.createWithinLimit(other, { shortCode: 'hello', content: 'Other hi' }, 10);
    expect((await replies.list(ws)).map((reply) => reply.shortCode)).toEqual(['hello', 'refund']);
    expect(await replies.delete(other, hello.id)).toBe(false);
    expect(await replies.delete(ws, hello.id)).toBe(true);
    expect((await replies.list(ws)).map((reply) => reply.shortCode)).toEqual(['refund']);
    expect((await replies.list(other)).map((reply) => reply.content)).toEqual(['Other hi']);
  });

  it('refuses a short code the workspace already uses', async () => {
    const ws = await workspace();
    await replies.createWithinLimit(ws, { shortCode: 'refund', content: 'one' }, 10);
    await expect(replies.createWithinLimit(ws, { shortCode: 'refund', content: 'two' }, 10)).rejects.toThrow(
      DuplicateCannedReplyError,
    );
  });

  it('lets only one of two racing creations take the last slot', async () => {
    const ws = await workspace();
    await replies.createWithinLimit(ws, { shortCode: 'first', content: 'x' }, 2);
    const results = await Promise.allSettled([
      replies.createWithinLimit(ws, { shortCode: 'second', content: 'x' }, 2),
      replies.createWithinLimit(ws, { shortCode: 'third', content: 'x' }, 2),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refused.map((result) => result.reason as unknown)).toEqual([expect.any(CannedReplyLimitError)]);
    expect(await replies.list(ws)).toHaveLength(2);
  });
});
