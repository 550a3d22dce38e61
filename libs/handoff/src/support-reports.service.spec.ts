import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId } from '@switchboard/database';
import { EntityManager } from 'typeorm';
import { InvalidReportWindowError, SupportReportsService, rate } from './support-reports.service';
import { TicketsRepository } from './tickets.repository';

describe('support reports', () => {
  it('rounds shares to four decimals and answers 0 when there is nothing to divide', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 2)).toBe(1);
    expect(rate(0, 0)).toBe(0);
  });

  it('refuses a window outside 1..365 whole days before querying', async () => {
    const query = () => Promise.reject(new Error('the database was used'));
    const untouchable = { query, getRepository: () => ({}) };
    const service = new SupportReportsService(new TicketsRepository(untouchable as unknown as EntityManager), {
      feedbackCountsSince: query,
    } as unknown as ConversationMessagesService);
    const workspaceId = '00000000-0000-4000-8000-000000000001' as WorkspaceId;
    for (const days of [0, -1, 366, 1.5, Number.NaN]) {
      await expect(service.report(workspaceId, days)).rejects.toThrow(InvalidReportWindowError);
    }
  });
});
