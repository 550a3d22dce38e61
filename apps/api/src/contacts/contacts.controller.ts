import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import { TranscriptsService } from '@switchboard/conversations';
import type { WorkspaceId } from '@switchboard/database';
import { foundOr404 } from '../http/found-or-404';

export class ErasureRequestResponse {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ format: 'date-time' }) erasureRequestedAt!: Date;
}

/** A contact's data rights: what the workspace records when a person asks to be forgotten. */
@ApiTags('contacts')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly transcripts: TranscriptsService) {}

  @NotAudited('customer data, recorded by the privacy feature once it records erasures')
  @Post(':id/erasure-request')
  @HttpCode(200)
  @ApiOkResponse({ type: ErasureRequestResponse })
  @ApiOperation({
    summary:
      'Record that the contact asked for erasure: their conversations leave every fine-tuning export from now on.',
  })
  async requestErasure(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
  ): Promise<ErasureRequestResponse> {
    const at = foundOr404(await this.transcripts.requestErasure(workspaceId, id), 'Contact');
    return { contactId: id, erasureRequestedAt: at };
  }
}
