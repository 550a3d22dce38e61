import { Body, Controller, Get, Param, ParseIntPipe, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsoleMessageEnvelopeResponse, ConversationDetailResponse } from './dto/console.response';
import { NotAudited } from '@switchboard/audit';
import { AgentSessionGuard, CurrentAgent, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import { AttachmentWithContent } from '@switchboard/conversations';
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

  @Get(':id/attachments/:attachmentId')
  @ApiOkResponse({
    description: "A customer's file as a download, with its sniffed Content-Type; never rendered by the browser.",
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: "Download a file the customer attached in the widget (404 for another workspace's)." })
  async downloadFile(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.conversations.file(workspaceId, id, attachmentId, 'download');
    sendFile(response, file, 'attachment');
  }

  @Get(':id/attachments/:attachmentId/preview')
  @ApiOkResponse({
    description: 'An image attachment to show inline (JPEG, PNG, GIF, WebP); 404 for a PDF.',
    content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'Preview an image the customer attached in the widget.' })
  async previewFile(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('attachmentId') attachmentId: string,
    @Res() response: Response,
  ): Promise<void> {
    const file = await this.conversations.file(workspaceId, id, attachmentId, 'preview');
    sendFile(response, file, 'inline');
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

/**
 * A stored customer file, with only the type its bytes proved, under a sandboxing CSP and nosniff: even a file that
 * fooled the sniffing could not run script on this origin. Previews (inline) are served for image types only.
 */
function sendFile(
  response: Response,
  { attachment, content }: AttachmentWithContent,
  disposition: 'attachment' | 'inline',
) {
  response
    .status(200)
    .set({
      'Content-Type': attachment.contentType,
      'Content-Length': String(content.length),
      'Content-Disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
    })
    .send(content);
}
