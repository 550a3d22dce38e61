import { WorkspaceId } from '@switchboard/database';

export const WEBHOOK_ENDPOINT_DISABLED = 'webhook.endpoint.disabled';

/** Published after Switchboard has disabled an endpoint that kept failing; admins are told. */
export interface WebhookEndpointDisabledEvent {
  name: typeof WEBHOOK_ENDPOINT_DISABLED;
  workspaceId: WorkspaceId;
  endpointId: string;
  url: string;
  description: string;
  reason: string;
  at: Date;
}
