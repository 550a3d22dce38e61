import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AgentRequest, AgentSessionGuard, AllowQueryToken, CurrentWorkspace } from '@switchboard/auth';
import { WorkspaceId } from '@switchboard/database';
import { Response } from 'express';
import { ConsoleEvent, ConsoleEventsService, ConsoleStream } from './console-events.service';

export const PING_INTERVAL_MS = 15_000;
// setTimeout's longest delay; a longer session is checked again when the client reconnects.
const MAX_TIMER_MS = 2 ** 31 - 1;

@ApiTags('console')
@Controller('v1/console')
export class ConsoleEventsController {
  constructor(private readonly events: ConsoleEventsService) {}

  @Get('events')
  @AllowQueryToken()
  @UseGuards(AgentSessionGuard)
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live events for the workspace: ready, ticket, message (notes included), conversation; a ping every 15 s.',
  })
  async stream(
    @CurrentWorkspace() workspaceId: WorkspaceId,
    @Req() request: AgentRequest,
    @Res() response: Response,
  ): Promise<void> {
    const write = (chunk: string): void => {
      if (!response.writableEnded && !response.destroyed) response.write(chunk);
    };
    // Events that arrive before the headers went out wait for them.
    let early: ConsoleEvent[] | null = [];
    const send = (event: ConsoleEvent): void => {
      if (early) early.push(event);
      else write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
    };
    const handles: { stream?: ConsoleStream; ping?: NodeJS.Timeout; expiry?: NodeJS.Timeout } = {};
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      clearInterval(handles.ping);
      clearTimeout(handles.expiry);
      void handles.stream?.close();
      if (!response.writableEnded) response.end();
    };

    // Subscribed before answering: a failure is still a plain error response, and `ready` means live.
    handles.stream = await this.events.stream(workspaceId, send, finish);
    response.on('close', finish);
    if (response.destroyed) return finish();
    response.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    write('event: ready\ndata: {}\n\n');
    const waiting = early;
    early = null;
    for (const event of waiting) send(event);
    handles.ping = setInterval(() => write(': ping\n\n'), PING_INTERVAL_MS);
    // The stream ends with the session; the client signs in again.
    const expiresAt = request.agentSessionExpiresAt?.getTime() ?? Date.now();
    handles.expiry = setTimeout(finish, Math.min(MAX_TIMER_MS, Math.max(0, expiresAt - Date.now())));
  }
}
