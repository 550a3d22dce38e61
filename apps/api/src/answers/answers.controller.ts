import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AnswerRequest,
  AnswerResult,
  AnswerService,
  AnswerTracesService,
  DailyUsage,
  UsageService,
} from '@switchboard/answers';
import { NotAudited } from '@switchboard/audit';
import { ApiKeyGuard, CurrentWorkspace } from '@switchboard/auth';
import type { AnswerTrace, WorkspaceId } from '@switchboard/database';
import { ThresholdSimulation, ThresholdSimulatorService } from '@switchboard/handoff';
import { Response } from 'express';
import { EventStream } from '../http/event-stream';
import {
  AnswerResultResponse,
  AnswerTraceResponse,
  DailyUsageResponse,
  ThresholdSimulationResponse,
} from './dto/answer.response';
import { AskDto } from './dto/ask.dto';
import { FeedbackDto, SimulateThresholdQueryDto, UsageQueryDto } from './dto/reports.dto';

function toRequest(workspaceId: WorkspaceId, dto: AskDto): AnswerRequest {
  return {
    workspaceId,
    question: dto.question,
    history: dto.history,
    visibility: dto.scope === 'all' ? ['public', 'internal'] : ['public'],
    threshold: dto.threshold,
    bypassCache: dto.noCache,
  };
}

@ApiTags('answers')
@ApiBearerAuth('api-key')
@UseGuards(ApiKeyGuard)
@NotAudited('questions and feedback, not configuration')
@Controller('v1/answers')
export class AnswersController {
  constructor(
    private readonly answers: AnswerService,
    private readonly traces: AnswerTracesService,
    private readonly simulator: ThresholdSimulatorService,
    private readonly usage: UsageService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: AnswerResultResponse })
  @ApiOperation({ summary: 'Answer a question from the knowledge base, with citations, confidence and decision.' })
  ask(@CurrentWorkspace() workspaceId: WorkspaceId, @Body() dto: AskDto): Promise<AnswerResult> {
    return this.answers.answer(toRequest(workspaceId, dto));
  }

  @Post('stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'The same answer as server-sent events: "token" events as it is written, then one "result".',
  })
  async stream(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Body() dto: AskDto,
    @Res() response: Response,
  ): Promise<void> {
    const stream = new EventStream(response, null);
    try {
      for await (const event of this.answers.answerStream(toRequest(workspaceId, dto))) {
        if (!stream.open) return;
        stream.send(event.type, event.type === 'result' ? event.result : { text: event.text });
      }
    } catch (error) {
      stream.send('error', { message: error instanceof Error ? error.message : 'error' });
    }
    stream.end();
  }

  @Get('simulate')
  @ApiOkResponse({ type: ThresholdSimulationResponse })
  @ApiOperation({
    summary:
      'Replay stored answers against a candidate threshold: how many would be sent or escalated, with known outcomes.',
  })
  simulate(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Query() query: SimulateThresholdQueryDto,
  ): Promise<ThresholdSimulation> {
    return this.simulator.simulate(workspaceId, query.threshold, { from: query.from, to: query.to });
  }

  @Get('usage')
  @ApiOkResponse({ type: [DailyUsageResponse] })
  @ApiOperation({ summary: 'Answers, escalations, LLM tokens and estimated cost per day.' })
  dailyUsage(@CurrentWorkspace() workspaceId: WorkspaceId, @Query() query: UsageQueryDto): Promise<DailyUsage[]> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - 30 * 24 * 3600 * 1000);
    return this.usage.daily(workspaceId, from, to);
  }

  @Get('traces/:id')
  @ApiOkResponse({ type: AnswerTraceResponse })
  @ApiOperation({
    summary:
      'The full trace of one answer: retrieval, prompt, completion, model, tokens, cost, latency, features, decision.',
  })
  async trace(@CurrentWorkspace() workspaceId: WorkspaceId, @Param('id') id: string): Promise<AnswerTrace> {
    const trace = await this.traces.get(workspaceId, id);
    if (!trace) throw new NotFoundException('Answer trace not found');
    return trace;
  }

  @Post('traces/:id/feedback')
  @HttpCode(204)
  @ApiOperation({ summary: 'Record whether an answer helped (feeds the threshold simulator).' })
  async feedback(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Param('id') id: string,
    @Body() dto: FeedbackDto,
  ): Promise<void> {
    if (!(await this.traces.recordFeedback(workspaceId, id, dto.helpful)))
      throw new NotFoundException('Answer trace not found');
  }
}
