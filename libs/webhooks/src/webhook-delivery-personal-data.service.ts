import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts, WebhookDelivery, WorkspaceId } from '@switchboard/database';
import { In } from 'typeorm';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';

export type ContactWebhookDeliveryExport = Pick<
  WebhookDelivery,
  'id' | 'endpointId' | 'eventType' | 'payload' | 'status' | 'createdAt' | 'deliveredAt'
>;

/**
 * The webhook deliveries of a contact's conversations: their payloads carry the contact's messages. Erasing one still
 * pending means the receiver never gets it (its job then finds nothing to send).
 */
@Injectable()
export class WebhookDeliveryPersonalDataService {
  constructor(private readonly deliveries: WebhookDeliveriesRepository) {}

  async exportForContact(scope: ContactScope): Promise<ContactWebhookDeliveryExport[]> {
    if (scope.conversationIds.length === 0) return [];
    const rows = await this.deliveries.find(scope.workspaceId, {
      where: { conversationId: In([...scope.conversationIds]) },
      order: { seq: 'ASC' },
    });
    return rows.map(({ id, endpointId, eventType, payload, status, createdAt, deliveredAt }) => ({
      id,
      endpointId,
      eventType,
      payload,
      status,
      createdAt,
      deliveredAt,
    }));
  }

  eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    return this.eraseForConversations(scope.workspaceId, scope.conversationIds);
  }

  async eraseForConversations(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<ErasureCounts> {
    if (conversationIds.length === 0) return { webhookDeliveries: 0 };
    const webhookDeliveries = await this.deliveries.deleteWhere(workspaceId, {
      conversationId: In([...conversationIds]),
    });
    return { webhookDeliveries };
  }
}
