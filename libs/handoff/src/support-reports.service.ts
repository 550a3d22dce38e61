import { Injectable } from '@nestjs/common';
import type { SupportReport } from '@switchboard/contracts';
import { ConversationMessagesService } from '@switchboard/conversations';
import { HANDOFF_REASONS, HandoffReason, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { TicketsRepository } from './tickets.repository';

export const REPORT_MAX_DAYS = 365;

export type { SupportReport } from '@switchboard/contracts';

export class InvalidReportWindowError extends Error {
  constructor(readonly days: number) {
    super(`days must be a whole number from 1 to ${REPORT_MAX_DAYS}`);
    this.name = 'InvalidReportWindowError';
  }
}

/** Support numbers for the console and the API: how much the bot handles and how fast people pick up the rest. */
@Injectable()
export class SupportReportsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly messages: ConversationMessagesService,
  ) {}

  async report(workspaceId: WorkspaceId, days: number, now = new Date()): Promise<SupportReport> {
    asWorkspaceId(workspaceId);
    if (!Number.isInteger(days) || days < 1 || days > REPORT_MAX_DAYS) throw new InvalidReportWindowError(days);
    const since = new Date(now.getTime() - days * 24 * 3600 * 1000);
    const [outcomes, reasons, medianSeconds, feedback] = await Promise.all([
      this.tickets.conversationOutcomesSince(workspaceId, since),
      this.tickets.reasonCountsSince(workspaceId, since),
      this.tickets.medianFirstResponseSecondsSince(workspaceId, since),
      this.messages.feedbackCountsSince(workspaceId, since),
    ]);
    const handoffsByReason = Object.fromEntries(HANDOFF_REASONS.map((reason) => [reason, 0])) as Record<
      HandoffReason,
      number
    >;
    for (const { reason, count } of reasons) {
      if ((HANDOFF_REASONS as readonly string[]).includes(reason)) handoffsByReason[reason as HandoffReason] = count;
    }
    return {
      days,
      conversations: outcomes.conversations,
      answeredByBot: outcomes.answered,
      autoResolutionRate: rate(outcomes.autoResolved, outcomes.withCustomer),
      handoffRate: rate(outcomes.handedOff, outcomes.withCustomer),
      handoffsByReason,
      medianFirstResponseSeconds: medianSeconds === null ? null : Math.round(medianSeconds),
      feedback,
    };
  }
}

/** A share rounded to four decimals; 0 when there is nothing to divide by. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}
