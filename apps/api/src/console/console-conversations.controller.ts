import { Body, Controller, Get, Param, ParseIntPipe, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsoleMessageEnvelopeResponse, ConversationDetailResponse } from './dto/console.response';
import { NotAudited } from '@switchboard/audit';
import { AgentSessionGuard, CurrentAgent, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import type { Agent, WorkspaceId } from '@switchboard/database';
import { Response } from 'express';
import { ConsoleConversationsService } from './console-conversations.service';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ConsoleMessageDto } from './dto/console-message.dto';

@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter)
@NotAudited('conversation work, not configuration')
@Controller('v1/console/conversations')
export class ConsoleConversationsController {
  constructor(private readonly conversations: ConsoleConversationsService) {}

  @Get(':id')
  @ApiOkResponse({ type: ConversationDetailResponse })
  @ApiOperation({ summary: 'A conversation with its transcript (internal notes included) and tickets.' })
  get(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'GET conversations/:id'>> {
    return this.conversations.detail(workspaceId, id);
  }

  @Get(':id/messages/:messageId/attachments/:index')
  @ApiOkResponse({
    description: 'The attachment as stored, always `application/octet-stream` and as a download.',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'Download an attachment of an e-mail message (always as a download, never rendered).' })
  async attachment(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('messageId') messageId: string,
    @Param('index', ParseIntPipe) index: number,
    @Res() response: Response,
  ): Promise<void> {
    const { name, content } = await this.conversations.attachment(workspaceId, id, messageId, index);
    response
      .status(200)
      .set({
        // Served as bytes to save, whatever the sender claimed: a hostile HTML attachment must not run here.
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      })
      .send(content);
  }

  @Post(':id/messages')
  @ApiCreatedResponse({ type: ConsoleMessageEnvelopeResponse })
  @ApiOperation({
    summary: 'Reply to the customer (the agent must own the conversation: 409 not_owner) or add an internal note.',
  })
  async write(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
    @Body() dto: ConsoleMessageDto,
  ): Promise<ConsoleResponse<'POST conversations/:id/messages'>> {
    return { message: await this.conversations.write(workspaceId, id, agent.id, dto) };
  }
}
