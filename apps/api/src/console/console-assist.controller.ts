import { Body, Controller, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import { ConversationSummaryService, ReplySuggestionService, TextRewriteService } from '@switchboard/assist';
import { AgentSessionGuard, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse, REWRITE_STYLES } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import { ConsoleErrorsFilter } from './console-errors.filter';
import { RewriteDto } from './dto/assist.dto';
import {
  AssistCapabilitiesResponse,
  ReplySuggestionEnvelopeResponse,
  RewriteEnvelopeResponse,
  SummaryResponse,
} from './dto/console.response';

/** Agent assist: a suggested reply, a rewrite of the agent's draft, a summary. Nothing here is sent to the customer. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@UseFilters(ConsoleErrorsFilter)
@NotAudited('drafting help, not configuration')
@Controller('v1/console')
export class ConsoleAssistController {
  constructor(
    private readonly suggestions: ReplySuggestionService,
    private readonly rewrites: TextRewriteService,
    private readonly summaries: ConversationSummaryService,
  ) {}

  @Get('assist')
  @ApiOkResponse({ type: AssistCapabilitiesResponse })
  @ApiOperation({ summary: 'Which assists work here; offline, rewriting is off and `reason` says why.' })
  capabilities(): ConsoleResponse<'GET assist'> {
    const reason = this.rewrites.unavailableReason();
    return { rewrite: { available: reason === null, reason }, styles: [...REWRITE_STYLES] };
  }

  @Post('conversations/:id/assist/suggest-reply')
  @HttpCode(200)
  @ApiOkResponse({ type: ReplySuggestionEnvelopeResponse })
  @ApiOperation({ summary: "A draft reply to the customer's latest message, with citations; never sent by itself." })
  async suggestReply(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST conversations/:id/assist/suggest-reply'>> {
    return { suggestion: await this.suggestions.suggest(workspaceId, id) };
  }

  @Post('conversations/:id/assist/rewrite')
  @HttpCode(200)
  @ApiOkResponse({ type: RewriteEnvelopeResponse })
  @ApiOperation({ summary: "Rewrites the agent's draft (409 assist_unavailable offline); the agent sees it first." })
  async rewrite(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() body: RewriteDto,
  ): Promise<ConsoleResponse<'POST conversations/:id/assist/rewrite'>> {
    return { rewrite: await this.rewrites.rewrite(workspaceId, id, body) };
  }

  @Post('conversations/:id/assist/summary')
  @HttpCode(200)
  @ApiOkResponse({ type: SummaryResponse })
  @ApiOperation({ summary: "The conversation so far in a few sentences: the model's, or the extractive one offline." })
  summary(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ConsoleResponse<'POST conversations/:id/assist/summary'>> {
    return this.summaries.summarize(workspaceId, id);
  }
}
