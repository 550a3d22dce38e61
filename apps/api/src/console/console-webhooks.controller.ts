import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited, NotAudited } from '@switchboard/audit';
import { AgentSessionGuard, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse, WebhookView, WebhookDeliveryView as ConsoleDeliveryView } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookDeliveriesService,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookEndpointsService,
} from '@switchboard/webhooks';
import { foundOr404 } from '../http/found-or-404';
import { PaginationQueryDto } from '../http/pagination.dto';
import { CreateConsoleWebhookDto, UpdateWebhookDto } from '../webhooks/dto/webhook.dto';
import { WebhooksErrorsFilter } from '../webhooks/webhooks-errors.filter';
import {
  ConsoleWebhookDeliveryEnvelopeResponse,
  ConsoleWebhookDeliveryListResponse,
  ConsoleWebhookEnvelopeResponse,
  ConsoleWebhookListResponse,
  ConsoleWebhookOverviewResponse,
  ConsoleWebhookWithSecretResponse,
} from './dto/console-webhooks.response';

/** The workspace's outbound webhooks in the console (admins): the `/v1/webhooks` use cases behind the agent's session. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@Roles('admin')
@UseFilters(WebhooksErrorsFilter)
@Controller('v1/console/webhooks')
export class ConsoleWebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ConsoleWebhookOverviewResponse })
  @ApiOperation({ summary: "The workspace's webhook endpoints (admins), and the event types they can subscribe to." })
  async listWebhooks(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET webhooks'>> {
    return { ...(await this.list(workspaceId)), eventTypes: [...WEBHOOK_EVENT_TYPES] };
  }

  @Post()
  @Audited('webhook.created')
  @ApiCreatedResponse({ type: ConsoleWebhookWithSecretResponse })
  @ApiOperation({ summary: 'Subscribe a URL to events (admins); the signing secret is answered this once.' })
  async createWebhook(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: CreateConsoleWebhookDto,
  ): Promise<ConsoleResponse<'POST webhooks'>> {
    return withSecret(await this.endpoints.create(workspaceId, dto));
  }

  @Patch(':id')
  @Audited('webhook.updated')
  @ApiOkResponse({ type: ConsoleWebhookEnvelopeResponse })
  @ApiOperation({ summary: 'Change an endpoint (admins); enabling a disabled one clears its failure record.' })
  async updateWebhook(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<ConsoleResponse<'PATCH webhooks/:id'>> {
    return { webhook: toWebhookView(foundOr404(await this.endpoints.update(workspaceId, id, dto), 'Webhook')) };
  }

  @Delete(':id')
  @Audited('webhook.deleted')
  @ApiOkResponse({ type: ConsoleWebhookListResponse })
  @ApiOperation({ summary: 'Delete an endpoint and its delivery log (admins).' })
  async deleteWebhook(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'DELETE webhooks/:id'>> {
    if (!(await this.endpoints.delete(workspaceId, id))) throw new NotFoundException('Webhook not found');
    return this.list(workspaceId);
  }

  @Post(':id/rotate-secret')
  @Audited('webhook.secret_rotated')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsoleWebhookWithSecretResponse })
  @ApiOperation({ summary: 'A new signing secret, answered this once; the old one keeps signing for 24 hours.' })
  async rotateWebhookSecret(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST webhooks/:id/rotate-secret'>> {
    return withSecret(foundOr404(await this.endpoints.rotateSecret(workspaceId, id), 'Webhook'));
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: ConsoleWebhookDeliveryListResponse })
  @ApiOperation({ summary: "An endpoint's delivery log, newest first (admins)." })
  async listWebhookDeliveries(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Query() page: PaginationQueryDto,
  ): Promise<ConsoleResponse<'GET webhooks/:id/deliveries'>> {
    const deliveries = foundOr404(await this.deliveries.list(workspaceId, id, page.limit, page.offset), 'Webhook');
    return { deliveries: deliveries.map(toDeliveryView) };
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @NotAudited('re-sends a delivery; changes no configuration')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ConsoleWebhookDeliveryEnvelopeResponse })
  @ApiOperation({ summary: 'Send a delivery again, as a new delivery with the same event id (admins).' })
  async replayWebhookDelivery(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<ConsoleResponse<'POST webhooks/:id/deliveries/:deliveryId/replay'>> {
    const replayed = foundOr404(await this.deliveries.replay(workspaceId, id, deliveryId), 'Delivery');
    return { delivery: toDeliveryView(replayed) };
  }

  private async list(workspaceId: WorkspaceId): Promise<{ webhooks: WebhookView[] }> {
    return { webhooks: (await this.endpoints.list(workspaceId)).map(toWebhookView) };
  }
}

function withSecret(endpoint: WebhookEndpointWithSecret): ConsoleResponse<'POST webhooks'> {
  return { webhook: toWebhookView(endpoint), secret: endpoint.secret };
}

function toWebhookView(endpoint: WebhookEndpointView): WebhookView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    enabled: endpoint.enabled,
    description: endpoint.description,
    previousSecretExpiresAt: isoOrNull(endpoint.previousSecretExpiresAt),
    consecutiveFailures: endpoint.consecutiveFailures,
    failingSince: isoOrNull(endpoint.failingSince),
    disabledAt: isoOrNull(endpoint.disabledAt),
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

/** The log entry without its payload: the page lists many, and the payload is in the receiver's hands already. */
function toDeliveryView(delivery: WebhookDeliveryView): ConsoleDeliveryView {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    responseStatus: delivery.responseStatus,
    latencyMs: delivery.latencyMs,
    responseExcerpt: delivery.responseExcerpt,
    error: delivery.error,
    nextAttemptAt: isoOrNull(delivery.nextAttemptAt),
    lastAttemptAt: isoOrNull(delivery.lastAttemptAt),
    deliveredAt: isoOrNull(delivery.deliveredAt),
    replayOf: delivery.replayOf,
    createdAt: delivery.createdAt.toISOString(),
  };
}

function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
