import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgentSessionGuard, CurrentWorkspace, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import { ConversationSearchResponse } from '../search/dto/conversation-search.response';
import { ConversationSearchQueryDto } from '../search/dto/conversation-search-query.dto';
import { SearchService } from '../search/search.service';

@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@Controller('v1/console/search')
export class ConsoleSearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOkResponse({ type: ConversationSearchResponse })
  @ApiOperation({ summary: "Full-text search of the workspace's conversations, internal notes included." })
  find(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: ConversationSearchQueryDto,
  ): Promise<ConsoleResponse<'GET search'>> {
    return this.search.search(workspaceId, query, 'agent');
  }
}
