import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseBoolPipe,
  Post,
  Query,
  Req,
  UploadedFiles,
  UseGuards,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Audited, NotAudited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { Document, KnowledgeSource, KnowledgeSync, SourceType, WorkspaceId } from '@switchboard/database';
import {
  DocumentIntakeService,
  IntakeResult,
  KnowledgeDocumentsService,
  KnowledgeSearchService,
  KnowledgeSourcesService,
  SyncProgress,
  resolveMediaType,
} from '@switchboard/knowledge';
import { SearchHit } from '@switchboard/vector-store';
import { Request } from 'express';
import 'multer';
import { PaginationQueryDto } from '../http/pagination.dto';
import {
  DocumentResponse,
  IntakeResultResponse,
  KnowledgeSourceResponse,
  KnowledgeSyncResponse,
  SearchHitResponse,
  SyncProgressResponse,
} from './dto/knowledge.response';
import { CreateSourceDto, SearchKnowledgeDto, TextDocumentDto } from './dto/source.dto';
import { parseJsonlImport } from './jsonl-import';
import { MAX_FILES_PER_UPLOAD, UploadErrorsFilter } from './upload-errors.filter';

export { MAX_FILES_PER_UPLOAD };

@ApiTags('knowledge')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@Controller('v1/knowledge')
export class KnowledgeController {
  constructor(
    private readonly sources: KnowledgeSourcesService,
    private readonly documents: KnowledgeDocumentsService,
    private readonly intake: DocumentIntakeService,
    private readonly searchService: KnowledgeSearchService,
  ) {}

  @Audited('knowledge_source.created')
  @Post('sources')
  @ApiCreatedResponse({ type: KnowledgeSourceResponse })
  @ApiOperation({ summary: 'Create a knowledge source (upload, text, url or sitemap) with a visibility.' })
  createSource(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: CreateSourceDto): Promise<KnowledgeSource> {
    return this.sources.create(workspaceId, dto);
  }

  @Get('sources')
  @ApiOkResponse({ type: [KnowledgeSourceResponse] })
  listSources(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<KnowledgeSource[]> {
    return this.sources.list(workspaceId);
  }

  @Get('sources/:id')
  @ApiOkResponse({ type: KnowledgeSourceResponse })
  getSource(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<KnowledgeSource> {
    return this.source(workspaceId, id);
  }

  @Audited('knowledge_source.deleted')
  @Delete('sources/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a source with its documents and chunks.' })
  async deleteSource(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<void> {
    if (!(await this.sources.delete(workspaceId, id))) throw new NotFoundException('Source not found');
  }

  @NotAudited('knowledge content, not configuration')
  @Post('sources/:id/files')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IntakeResultResponse })
  @UseInterceptors(FilesInterceptor('files', MAX_FILES_PER_UPLOAD))
  @UseFilters(UploadErrorsFilter)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } },
  })
  @ApiOperation({
    summary:
      'Upload Markdown, HTML, plain text, PDF or DOCX files to an upload source; a file with the same name replaces the earlier one.',
  })
  async uploadFiles(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
  ): Promise<IntakeResult> {
    const source = await this.pushSource(workspaceId, id, 'upload');
    if (!files?.length)
      throw new BadRequestException('No files: send them as multipart/form-data in the "files" field');
    const incoming = files.map((file) => ({
      externalId: Buffer.from(file.originalname, 'latin1').toString('utf8'),
      title: '',
      mediaType: resolveMediaType(file.mimetype, file.originalname),
      content: file.buffer,
    }));
    return this.intake.accept(source, 'upload', incoming);
  }

  @NotAudited('knowledge content, not configuration')
  @Post('sources/:id/documents')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IntakeResultResponse })
  @ApiOperation({
    summary:
      'Add one document to a text source ({title, text, url?, id?}); the same id again replaces it. Without an id a new document is created, whatever its title.',
  })
  async addText(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: TextDocumentDto,
  ): Promise<IntakeResult> {
    const source = await this.pushSource(workspaceId, id, 'text');
    return this.intake.accept(source, 'text', [
      {
        // Titles are not identities: only an explicit id replaces; without one, this is a new document.
        externalId: dto.id ?? randomUUID(),
        title: dto.title,
        mediaType: 'text/markdown',
        content: Buffer.from(dto.text, 'utf8'),
        url: dto.url,
      },
    ]);
  }

  @NotAudited('knowledge content, not configuration')
  @Post('sources/:id/import')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: IntakeResultResponse })
  @ApiConsumes('application/x-ndjson')
  @ApiOperation({
    summary:
      'Bulk import JSONL ({"id","title","text","url"?} a line) into a text source; replace=true removes documents not in the import.',
  })
  async importJsonl(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Req() request: Request,
    @Query('replace', new ParseBoolPipe({ optional: true })) replace?: boolean,
  ): Promise<IntakeResult> {
    const source = await this.pushSource(workspaceId, id, 'text');
    if (!Buffer.isBuffer(request.body)) {
      throw new BadRequestException('Send the import as application/x-ndjson (one JSON object a line)');
    }
    return this.intake.accept(source, 'import', parseJsonlImport(request.body), { replace: replace ?? false });
  }

  @NotAudited('re-reads a source; changes no configuration')
  @Post('sources/:id/sync')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: KnowledgeSyncResponse })
  @ApiOperation({ summary: 'Start a sync: crawl a url / sitemap source, or re-ingest the stored documents of others.' })
  async startSync(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<KnowledgeSync> {
    const sync = await this.sources.startSync(workspaceId, id);
    if (!sync) throw new NotFoundException('Source not found');
    return sync;
  }

  @Get('sources/:id/syncs')
  @ApiOkResponse({ type: [SyncProgressResponse] })
  @ApiOperation({ summary: 'Recent syncs of a source with their progress.' })
  async listSyncs(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<SyncProgress[]> {
    await this.source(workspaceId, id);
    return this.documents.listSyncs(workspaceId, id, 20);
  }

  @Get('sources/:id/syncs/:syncId')
  @ApiOkResponse({ type: SyncProgressResponse })
  @ApiOperation({
    summary: 'Progress of one sync (total / done / indexed / skipped / failed) and its per-document errors.',
  })
  async getSync(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('syncId') syncId: string,
  ): Promise<SyncProgress> {
    const progress = await this.documents.getSync(workspaceId, id, syncId);
    if (!progress) throw new NotFoundException('Sync not found');
    return progress;
  }

  @Get('sources/:id/documents')
  @ApiOkResponse({ type: [DocumentResponse] })
  async listDocuments(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Query() page: PaginationQueryDto,
  ): Promise<Document[]> {
    await this.source(workspaceId, id);
    return this.documents.listDocuments(workspaceId, id, page.limit, page.offset);
  }

  @NotAudited('knowledge content, not configuration')
  @Delete('sources/:id/documents/:documentId')
  @HttpCode(204)
  async deleteDocument(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
  ): Promise<void> {
    await this.source(workspaceId, id);
    if (!(await this.documents.deleteDocument(workspaceId, id, documentId)))
      throw new NotFoundException('Document not found');
  }

  @NotAudited('a read sent as POST')
  @Post('search')
  @HttpCode(200)
  @ApiOkResponse({ type: [SearchHitResponse] })
  @ApiOperation({ summary: 'Hybrid search over the workspace knowledge (scope public: what customers may see).' })
  search(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: SearchKnowledgeDto): Promise<SearchHit[]> {
    return this.searchService.search({
      workspaceId,
      query: dto.query,
      visibility: dto.scope === 'public' ? ['public'] : ['public', 'internal'],
      limit: dto.limit ?? 5,
    });
  }

  private async source(workspaceId: WorkspaceId, id: string): Promise<KnowledgeSource> {
    const source = await this.sources.get(workspaceId, id);
    if (!source) throw new NotFoundException('Source not found');
    return source;
  }

  private async pushSource(workspaceId: WorkspaceId, id: string, expected: SourceType): Promise<KnowledgeSource> {
    const source = await this.source(workspaceId, id);
    if (source.type !== expected) {
      throw new ConflictException(`This is a ${source.type} source; this endpoint is for ${expected} sources`);
    }
    return source;
  }
}
