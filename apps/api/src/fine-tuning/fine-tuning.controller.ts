import { Body, Controller, Get, Header, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { FineTuningExport, FineTuningJob, WorkspaceId } from '@switchboard/database';
import { FineTuningExportsService, FineTuningJobsService } from '@switchboard/fine-tuning';
import { CreateExportDto, StartJobDto } from './dto/fine-tuning.dto';
import { ExportResponse, JobResponse } from './dto/fine-tuning.response';
import { FineTuningErrorsFilter } from './fine-tuning-errors.filter';

const JSONL = 'application/jsonl; charset=utf-8';

/** Datasets from resolved conversations, and fine-tuning jobs on them. */
@ApiTags('fine-tuning')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@UseFilters(FineTuningErrorsFilter)
@NotAudited('datasets and training jobs; the tuned model they activate is recorded as workspace.settings_changed')
@Controller('v1/fine-tuning')
export class FineTuningController {
  constructor(
    private readonly exports: FineTuningExportsService,
    private readonly jobs: FineTuningJobsService,
  ) {}

  @Post('exports')
  @ApiCreatedResponse({ type: ExportResponse })
  @ApiOperation({
    summary:
      "Build a chat fine-tuning dataset from the workspace's resolved conversations: agent replies and helpful or accepted bot answers, redacted, deduplicated, split by conversation; counts, token and cost estimates, warnings.",
  })
  async createExport(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: CreateExportDto,
  ): Promise<ExportResponse> {
    return exportView(await this.exports.create(workspaceId, dto));
  }

  @Get('exports/:id')
  @ApiOkResponse({ type: ExportResponse })
  async getExport(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<ExportResponse> {
    return exportView(await this.exports.get(workspaceId, id));
  }

  @Get('exports/:id/train.jsonl')
  @Header('Content-Type', JSONL)
  @Header('Content-Disposition', 'attachment; filename="train.jsonl"')
  @ApiProduces('application/jsonl')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'One {"messages": [...]} per line.' })
  trainFile(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<string> {
    return this.exports.file(workspaceId, id, 'train');
  }

  @Get('exports/:id/validation.jsonl')
  @Header('Content-Type', JSONL)
  @Header('Content-Disposition', 'attachment; filename="validation.jsonl"')
  @ApiProduces('application/jsonl')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'One {"messages": [...]} per line; may be empty.' })
  validationFile(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<string> {
    return this.exports.file(workspaceId, id, 'validation');
  }

  @Post('jobs')
  @ApiCreatedResponse({ type: JobResponse })
  @ApiOperation({
    summary:
      "Upload an export's files and start a fine-tuning job at the configured OpenAI-compatible provider; the worker follows it and, on success, routes the task to the tuned model (the configured model stays the fallback).",
  })
  async startJob(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: StartJobDto): Promise<JobResponse> {
    return jobView(await this.jobs.start(workspaceId, dto));
  }

  @Get('jobs/:id')
  @ApiOkResponse({ type: JobResponse })
  @ApiOperation({ summary: "The job's status, tuned model and the provider's events, as the worker last read them." })
  async getJob(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<JobResponse> {
    return jobView(await this.jobs.get(workspaceId, id));
  }
}

function exportView(dataset: FineTuningExport): ExportResponse {
  const base = `/v1/fine-tuning/exports/${dataset.id}`;
  return {
    id: dataset.id,
    seed: dataset.seed,
    report: dataset.report,
    files: { train: `${base}/train.jsonl`, validation: `${base}/validation.jsonl` },
    createdAt: dataset.createdAt,
  };
}

function jobView(job: FineTuningJob): JobResponse {
  return {
    id: job.id,
    exportId: job.exportId,
    task: job.task,
    baseModel: job.baseModel,
    providerJobId: job.providerJobId,
    status: job.status,
    fineTunedModel: job.fineTunedModel,
    error: job.error,
    activated: job.activated,
    events: job.events,
    finishedAt: job.finishedAt,
    createdAt: job.createdAt,
  };
}
