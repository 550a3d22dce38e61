import type { AuditLog } from '@switchboard/audit';
import { WorkspaceId } from '@switchboard/database';
import { CannedRepliesRepository } from './canned-replies.repository';
import { CANNED_REPLY_SHORT_CODE, CannedRepliesService } from './canned-replies.service';
import { InvalidCannedReplyError } from './canned-reply.errors';

describe('canned replies', () => {
  it.each(['refund', 'a', 'shipping-eu', 'faq_2', '0day', 'x'.repeat(40)])('accepts the short code %p', (code) =>
    expect(CANNED_REPLY_SHORT_CODE.test(code)).toBe(true),
  );

  it.each(['', 'Refund', '-refund', '_x', 'with space', 'x'.repeat(41), 'émoji', 'a/b'])(
    'refuses the short code %p',
    (code) => expect(CANNED_REPLY_SHORT_CODE.test(code)).toBe(false),
  );

  it('refuses an invalid reply before touching the database', async () => {
    const untouchable = {
      createWithinLimit: () => Promise.reject(new Error('the database was used')),
    } as unknown as CannedRepliesRepository;
    const service = new CannedRepliesService(untouchable, {} as AuditLog);
    const workspaceId = '00000000-0000-4000-8000-000000000001' as WorkspaceId;
    await expect(service.create(workspaceId, { shortCode: 'Bad Code', content: 'x' })).rejects.toThrow(
      InvalidCannedReplyError,
    );
    await expect(service.create(workspaceId, { shortCode: 'ok', content: '   ' })).rejects.toThrow(
      InvalidCannedReplyError,
    );
    await expect(service.create(workspaceId, { shortCode: 'ok', content: 'x'.repeat(5001) })).rejects.toThrow(
      InvalidCannedReplyError,
    );
  });
});
