import { Controller, Get, Logger, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AgentRequest,
  AgentSessionGuard,
  AgentSessionsService,
  AllowQueryToken,
  CurrentAgent,
  CurrentWorkspace,
} from '@switchboard/auth';
import { AGENT_HEARTBEAT_MS, type Agent, type WorkspaceId } from '@switchboard/database';
import { Response } from 'express';
import { EventStream } from '../http/event-stream';
import { ConsoleEvent, ConsoleEventsService, ConsoleStream } from './console-events.service';

// setTimeout's longest delay; a longer session is checked again when the client reconnects.
const MAX_TIMER_MS = 2 ** 31 - 1;

@ApiTags('console')
@Controller('v1/console')
export class ConsoleEventsController {
  private readonly logger = new Logger(ConsoleEventsController.name);

  constructor(
    private readonly events: ConsoleEventsService,
    private readonly sessions: AgentSessionsService,
  ) {}

  @Get('events')
  @AllowQueryToken()
  @UseGuards(AgentSessionGuard)
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      'Live events for the workspace: ready, ticket, message (notes included), conversation; a ping every 15 s. ' +
      'While the stream is open the agent counts as present (a heartbeat every 20 s; offline 60 s after the last).',
  })
  async stream(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @CurrentAgent() agent: Agent,
    @Req() request: AgentRequest,
    @Res() response: Response,
  ): Promise<void> {
    // Events that arrive before the headers went out wait for them.
    let early: ConsoleEvent[] | null = [];
    let events: EventStream | null = null;
    const send = (event: ConsoleEvent): void => {
      if (early) early.push(event);
      else events?.send(event.event, event.data);
    };
    const handles: { stream?: ConsoleStream; expiry?: NodeJS.Timeout; heartbeat?: NodeJS.Timeout } = {};
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearTimeout(handles.expiry);
      clearInterval(handles.heartbeat);
      void handles.stream?.close();
      if (events) events.end();
      else if (!response.writableEnded) response.end();
    };

    // Subscribed before answering: a failure is still a plain error response, and `ready` means live.
    handles.stream = await this.events.stream(workspaceId, send, finish);
    response.on('close', finish);
    if (response.destroyed) return finish();
    events = new EventStream(response);
    events.send('ready', {});
    const waiting = early;
    early = null;
    for (const event of waiting) send(event);
    this.keepPresent(workspaceId, agent.id, handles);
    // The stream ends with the session; the client signs in again.
    const expiresAt = request.agentSessionExpiresAt?.getTime() ?? Date.now();
    handles.expiry = setTimeout(finish, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())));
  }

  /** Presence is a heartbeat while a tab holds the stream, so a restart or a closed tab lets it lapse. */
  private keepPresent(workspaceId: WorkspaceId, agentId: string, handles: { heartbeat?: NodeJS.Timeout }): void {
    const touch = (): void => {
      this.sessions.touchPresence(workspaceId, agentId).catch((error: unknown) => {
        this.logger.warn(`presence heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    };
    touch();
    handles.heartbeat = setInterval(touch, AGENT_HEARTBEAT_MS);
  }
}
