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
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import { CreatedInbox, InboxesService } from '@switchboard/conversations';
import type { Inbox, WorkspaceId } from '@switchboard/database';
import { CreateInboxDto, UpdateInboxDto } from './dto/inbox.dto';
import { CreatedInboxResponse, InboxResponse, VisitorTokensRevokedResponse } from './dto/inbox.response';
import { foundOr404 } from '../http/found-or-404';

@ApiTags('inboxes')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/inboxes')
export class InboxesController {
  constructor(private readonly inboxes: InboxesService) {}

  @Audited('inbox.created')
  @Post()
  @ApiCreatedResponse({ type: CreatedInboxResponse })
  @ApiOperation({ summary: 'Create an inbox (widget, slack or email); a widget identity secret is returned once.' })
  create(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: CreateInboxDto): Promise<CreatedInbox> {
    return this.inboxes.create(workspaceId, {
      name: dto.name,
      channel: dto.channel,
      settings: { ...dto.settings },
      credentials: dto.slack && { botToken: dto.slack.botToken, signingSecret: dto.slack.signingSecret },
    });
  }

  @Get()
  @ApiOkResponse({ type: [InboxResponse] })
  list(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<Inbox[]> {
    return this.inboxes.list(workspaceId);
  }

  @Get(':id')
  @ApiOkResponse({ type: InboxResponse })
  async get(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<Inbox> {
    return foundOr404(await this.inboxes.get(workspaceId, id), 'Inbox');
  }

  @Audited('inbox.updated')
  @Patch(':id')
  @ApiOkResponse({ type: InboxResponse })
  async update(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: UpdateInboxDto,
  ): Promise<Inbox> {
    return foundOr404(
      await this.inboxes.update(workspaceId, id, {
        name: dto.name,
        settings: dto.settings && { ...dto.settings },
        credentials: dto.slack && { botToken: dto.slack.botToken, signingSecret: dto.slack.signingSecret },
      }),
      'Inbox',
    );
  }

  @Audited('inbox.visitor_tokens_revoked')
  @Post(':id/visitor-tokens/revoke')
  @ApiOkResponse({ type: VisitorTokensRevokedResponse })
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke every visitor token of a widget inbox: each open widget starts a new session (a verified user keeps ' +
      'their conversation, an anonymous visitor starts a new one). Other api processes follow within 5 seconds.',
  })
  async revokeVisitorTokens(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<{ visitorTokenGeneration: number }> {
    return foundOr404(await this.inboxes.revokeVisitorTokens(workspaceId, id), 'Inbox');
  }

  @Audited('inbox.deleted')
  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.inboxes.delete(workspaceId, id))) throw new NotFoundException('Inbox not found');
  }
}
