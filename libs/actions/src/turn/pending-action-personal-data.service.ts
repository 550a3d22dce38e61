import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts, PendingActionState } from '@switchboard/database';
import { In } from 'typeorm';
import { PendingActionsRepository } from './pending-actions.repository';

export type ContactPendingActionExport = Pick<
  PendingActionState,
  'id' | 'conversationId' | 'action' | 'arguments' | 'missing' | 'awaiting' | 'expiresAt' | 'createdAt'
>;

/** Actions waiting in a contact's conversations: their arguments are what the contact typed (order numbers, …). */
@Injectable()
export class PendingActionPersonalDataService {
  constructor(private readonly pending: PendingActionsRepository) {}

  async exportForContact(scope: ContactScope): Promise<ContactPendingActionExport[]> {
    if (scope.conversationIds.length === 0) return [];
    const rows = await this.pending.find(scope.workspaceId, {
      where: { conversationId: In([...scope.conversationIds]) },
      order: { createdAt: 'ASC' },
    });
    return rows.map(({ id, conversationId, action, arguments: args, missing, awaiting, expiresAt, createdAt }) => ({
      id,
      conversationId,
      action,
      arguments: args,
      missing,
      awaiting,
      expiresAt,
      createdAt,
    }));
  }

  /** Deleted with their conversation anyway (ON DELETE CASCADE); counted here so the erasure record shows them. */
  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    if (scope.conversationIds.length === 0) return { pendingActions: 0 };
    const pendingActions = await this.pending.deleteWhere(scope.workspaceId, {
      conversationId: In([...scope.conversationIds]),
    });
    return { pendingActions };
  }
}
