import { Body, Controller, Get, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentSessionGuard, CurrentAgent, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { Agent, WorkspaceId } from '@switchboard/database';
import { ConsoleConversationsService, ConversationDetail } from './console-conversations.service';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { ConsoleMessage } from './console-views';
import { ConsoleMessageDto } from './dto/console-message.dto';

@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter)
@Controller('v1/console/conversations')
export class ConsoleConversationsController {
  constructor(private readonly conversations: ConsoleConversationsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A conversation with its transcript (internal notes included) and tickets.' })
  get(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<ConversationDetail> {
    return this.conversations.detail(workspaceId, id);
  }

  @Post(':id/messages')
  @ApiOperation({
    summary: 'Reply to the customer (the agent must own the conversation: 409 not_owner) or add an internal note.',
  })
  async write(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Param('id') id: string,
    @Body() dto: ConsoleMessageDto,
  ): Promise<{ message: ConsoleMessage }> {
    return { message: await this.conversations.write(workspaceId, id, agent.id, dto) };
  }
}
