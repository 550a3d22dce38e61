import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { WorkspaceId } from '@switchboard/database';
import { ConversationSearchResponse } from './dto/conversation-search.response';
import { ConversationSearchQueryDto } from './dto/conversation-search-query.dto';
import { SearchService } from './search.service';

/** Conversation search for integrations: the same search as the console's, internal notes left out. */
@ApiTags('conversations')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/conversations/search')
export class ConversationsSearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOkResponse({ type: ConversationSearchResponse })
  @ApiOperation({
    summary: "Full-text search of the workspace's conversations, best match first; internal notes are never searched.",
  })
  find(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: ConversationSearchQueryDto,
  ): Promise<ConversationSearchResponse> {
    return this.search.search(workspaceId, query, 'integration');
  }
}
