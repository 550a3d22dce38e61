import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Audited, NotAudited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace, WorkspaceRequest } from '@switchboard/auth';
import { TranscriptsService } from '@switchboard/conversations';
import type { WorkspaceId } from '@switchboard/database';
import { ContactPrivacyService } from '@switchboard/privacy';
import type { Response } from 'express';
import { foundOr404 } from '../http/found-or-404';
import { ContactErasureResponse, ContactExportResponse, sendContactExport } from './contact-privacy.responses';

export class ErasureRequestResponse {
  @ApiProperty({ format: 'uuid' }) contactId!: string;
  @ApiProperty({ format: 'date-time' }) erasureRequestedAt!: Date;
}

/** A contact's data rights: a copy of everything held about them, erasure, and the request to be left out of training. */
@ApiTags('contacts')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/contacts')
export class ContactsController {
  constructor(
    private readonly transcripts: TranscriptsService,
    private readonly privacy: ContactPrivacyService,
  ) {}

  @NotAudited("a customer's own request, kept on their contact row; the erasure itself is audited")
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

  @Get(':id/export')
  @ApiProduces('application/json')
  @ApiOkResponse({
    type: ContactExportResponse,
    description: 'A JSON file (Content-Disposition: attachment): one section per kind of data held.',
  })
  @ApiOperation({
    summary:
      'Everything held about the contact, as a machine-readable JSON document: conversations and messages, tickets, answer traces, LLM calls, pending actions, webhook deliveries, queued jobs. 404 for a contact this workspace does not hold.',
  })
  async exportContact(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Res() response: Response,
  ): Promise<void> {
    sendContactExport(response, foundOr404(await this.privacy.exportContact(workspaceId, id), 'Contact'));
  }

  @Delete(':id')
  @Audited('contact.erased')
  @HttpCode(200)
  @ApiOkResponse({ type: ContactErasureResponse })
  @ApiOperation({
    summary:
      'Erase the contact and everything held about them (messages, tickets, traces, LLM call logs, cached answers, queued jobs, webhook payloads, fine-tuning datasets that may quote them). A second call gets 404.',
  })
  async eraseContact(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Req() request: WorkspaceRequest,
  ): Promise<ContactErasureResponse> {
    const requestedBy = `api-key:${request.apiKeyId ?? 'unknown'}` as const;
    return foundOr404(await this.privacy.eraseContact(workspaceId, id, requestedBy), 'Contact');
  }
}
