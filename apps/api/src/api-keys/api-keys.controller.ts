import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited } from '@switchboard/audit';
import { ApiKeyGuard, ApiKeysService, CurrentWorkspace, IssuedApiKey } from '@switchboard/auth';
import type { ApiKey, WorkspaceId } from '@switchboard/database';
import { ApiKeyResponse, IssuedApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

@ApiTags('api keys')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Audited('api_key.created')
  @Post()
  @ApiCreatedResponse({ type: IssuedApiKeyResponse })
  @ApiOperation({ summary: 'Issue another API key for this workspace (the key is shown once).' })
  create(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: CreateApiKeyDto): Promise<IssuedApiKey> {
    return this.apiKeys.issue(workspaceId, dto.name);
  }

  @Get()
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ApiKey[]> {
    return this.apiKeys.list(workspaceId);
  }

  @Audited('api_key.revoked')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key; requests with it are refused from then on.' })
  async revoke(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.apiKeys.revoke(workspaceId, id))) throw new NotFoundException('API key not found');
  }
}
