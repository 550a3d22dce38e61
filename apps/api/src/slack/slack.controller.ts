import { Body, Controller, Headers, HttpCode, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import { SlackCommandReply, SlackReceiverService } from '@switchboard/channels';
import type { Inbox } from '@switchboard/database';
import { Request } from 'express';
import { SlackRequestVerifier } from './slack-request.verifier';

/** Slack's Events API, slash command and interactivity URLs of one Slack inbox (its public key in the path). */
@ApiExcludeController()
@NotAudited('channel traffic')
@Controller('v1/slack/:inboxKey')
export class SlackController {
  constructor(
    private readonly verifier: SlackRequestVerifier,
    private readonly receiver: SlackReceiverService,
  ) {}

  @Post('events')
  @HttpCode(200)
  async events(
    @Param('inboxKey') inboxKey: string,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
  ): Promise<{ challenge?: string }> {
    const inbox = await this.verify(inboxKey, timestamp, signature, request);
    return this.receiver.handleEvent(inbox, body);
  }

  @Post('commands')
  @HttpCode(200)
  async commands(
    @Param('inboxKey') inboxKey: string,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
  ): Promise<SlackCommandReply> {
    const inbox = await this.verify(inboxKey, timestamp, signature, request);
    return this.receiver.handleCommand(inbox, body, timestamp);
  }

  /** Acknowledged once verified: the buttons' work runs after the response. */
  @Post('interactions')
  @HttpCode(200)
  async interactions(
    @Param('inboxKey') inboxKey: string,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const inbox = await this.verify(inboxKey, timestamp, signature, request);
    this.receiver.handleInteraction(inbox, body);
  }

  private verify(
    inboxKey: string,
    timestamp: string | undefined,
    signature: string | undefined,
    request: RawBodyRequest<Request>,
  ): Promise<Inbox> {
    return this.verifier.verify({ inboxKey, timestamp, signature, rawBody: request.rawBody });
  }
}
