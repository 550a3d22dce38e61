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
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Audited, NotAudited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { WorkspaceId } from '@switchboard/database';
import {
  WebhookDeliveriesService,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  WebhookEndpointsService,
} from '@switchboard/webhooks';
import { foundOr404 } from '../http/found-or-404';
import { PaginationQueryDto } from '../http/pagination.dto';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WebhookDeliveryResponse, WebhookResponse, WebhookWithSecretResponse } from './dto/webhook.response';
import { WebhooksErrorsFilter } from './webhooks-errors.filter';

/** The workspace's outbound webhooks: endpoints, their signing secrets, their delivery log and replay. */
@ApiTags('webhooks')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@UseFilters(WebhooksErrorsFilter)
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Audited('webhook.created')
  @Post()
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  @ApiOperation({ summary: 'Subscribe a URL to events; the signing secret is returned this once.' })
  create(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: CreateWebhookDto,
  ): Promise<WebhookEndpointWithSecret> {
    return this.endpoints.create(workspaceId, dto);
  }

  @Get()
  @ApiOkResponse({ type: [WebhookResponse] })
  list(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<WebhookEndpointView[]> {
    return this.endpoints.list(workspaceId);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookResponse })
  async get(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<WebhookEndpointView> {
    return foundOr404(await this.endpoints.get(workspaceId, id), 'Webhook');
  }

  @Audited('webhook.updated')
  @Patch(':id')
  @ApiOkResponse({ type: WebhookResponse })
  @ApiOperation({ summary: 'Change an endpoint; enabling a disabled one clears its failure record.' })
  async update(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<WebhookEndpointView> {
    return foundOr404(await this.endpoints.update(workspaceId, id, dto), 'Webhook');
  }

  @Audited('webhook.deleted')
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.endpoints.delete(workspaceId, id))) throw new NotFoundException('Webhook not found');
  }

  @Audited('webhook.secret_rotated')
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookWithSecretResponse })
  @ApiOperation({
    summary: 'A new signing secret, returned this once; the old one keeps signing, next to it, for 24 hours.',
  })
  async rotateSecret(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<WebhookEndpointWithSecret> {
    return foundOr404(await this.endpoints.rotateSecret(workspaceId, id), 'Webhook');
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: [WebhookDeliveryResponse] })
  @ApiOperation({ summary: 'The delivery log, newest first: status, attempts, latency and response excerpt.' })
  async deliveriesOf(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Query() page: PaginationQueryDto,
  ): Promise<WebhookDeliveryView[]> {
    return foundOr404(await this.deliveries.list(workspaceId, id, page.limit, page.offset), 'Webhook');
  }

  @NotAudited('re-sends a delivery; changes no configuration')
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  @ApiOperation({ summary: 'Send a delivery again, as a new delivery with the same event id.' })
  async replay(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ): Promise<WebhookDeliveryView> {
    return foundOr404(await this.deliveries.replay(workspaceId, id, deliveryId), 'Delivery');
  }
}
