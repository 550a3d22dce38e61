import { Body, Controller, Get, Header, NotFoundException, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import { AgentSessionGuard, CurrentWorkspace, Roles, RolesGuard } from '@switchboard/auth';
import { ConsoleResponse, FINE_TUNING_FILES, FineTuningFile } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import { FineTuningExportsService, FineTuningJobsService } from '@switchboard/fine-tuning';
import { CreateExportDto, StartJobDto } from '../fine-tuning/dto/fine-tuning.dto';
import { FineTuningErrorsFilter } from '../fine-tuning/fine-tuning-errors.filter';
import { toFineTuningExportView, toFineTuningJobView } from './console-views';
import {
  FineTuningExportEnvelopeResponse,
  FineTuningJobEnvelopeResponse,
  FineTuningOverviewResponse,
} from './dto/console.response';

/** Fine-tuning in the console (admins): the `/v1/fine-tuning` use cases behind the agent's session. */
@ApiTags('console')
@UseGuards(AgentSessionGuard, RolesGuard)
@Roles('admin')
@UseFilters(FineTuningErrorsFilter)
@NotAudited('datasets and training jobs; the tuned model they activate is recorded as workspace.settings_changed')
@Controller('v1/console/fine-tuning')
export class ConsoleFineTuningController {
  constructor(
    private readonly exports: FineTuningExportsService,
    private readonly jobs: FineTuningJobsService,
  ) {}

  @Get()
  @ApiOkResponse({ type: FineTuningOverviewResponse })
  @ApiOperation({
    summary: "The workspace's fine-tuning exports and jobs, newest first, and whether jobs can start (admins).",
  })
  async overview(@CurrentWorkspace() workspaceId: WorkspaceId): Promise<ConsoleResponse<'GET fine-tuning'>> {
    const [exports, jobs] = await Promise.all([this.exports.list(workspaceId), this.jobs.list(workspaceId)]);
    const reason = this.jobs.unavailableReason();
    return {
      exports: exports.map(toFineTuningExportView),
      jobs: jobs.map(toFineTuningJobView),
      capabilities: { training: { available: reason === null, reason } },
    };
  }

  @Post('exports')
  @ApiCreatedResponse({ type: FineTuningExportEnvelopeResponse })
  @ApiOperation({
    summary: 'Build a fine-tuning dataset (admins): counts, redactions, token and cost estimates, warnings.',
  })
  async createExport(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: CreateExportDto,
  ): Promise<ConsoleResponse<'POST fine-tuning/exports'>> {
    return { export: toFineTuningExportView(await this.exports.create(workspaceId, dto)) };
  }

  @Get('exports/:id/:file')
  @Header('Content-Type', 'application/jsonl; charset=utf-8')
  @Header('Content-Disposition', 'attachment')
  @ApiProduces('application/jsonl')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'One {"messages": [...]} per line (admins).' })
  async file(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Param('file') file: string,
  ): Promise<string> {
    if (!isDatasetFile(file)) throw new NotFoundException('File not found');
    return this.exports.file(workspaceId, id, file === 'train.jsonl' ? 'train' : 'validation');
  }

  @Post('jobs')
  @ApiCreatedResponse({ type: FineTuningJobEnvelopeResponse })
  @ApiOperation({ summary: 'Start a fine-tuning job on an export (admins); 409 provider_required offline.' })
  async startJob(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: StartJobDto,
  ): Promise<ConsoleResponse<'POST fine-tuning/jobs'>> {
    return { job: toFineTuningJobView(await this.jobs.start(workspaceId, dto)) };
  }
}

function isDatasetFile(file: string): file is FineTuningFile {
  return (FINE_TUNING_FILES as readonly string[]).includes(file);
}
