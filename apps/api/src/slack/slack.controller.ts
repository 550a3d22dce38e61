import { Body, Controller, Headers, HttpCode, Param, Post, RawBodyRequest, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request } from 'express';
import { SlackCommandReply, SlackReceiverService } from './slack-receiver.service';

/** Slack's Events API, slash command and interactivity URLs of one Slack inbox (its public key in the path). */
@ApiExcludeController()
@Controller('v1/slack/:inboxKey')
export class SlackController {
  constructor(private readonly receiver: SlackReceiverService) {}

  @Post('events')
  @HttpCode(200)
  events(
    @Param('inboxKey') inboxKey: string,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
  ): Promise<{ challenge?: string }> {
    return this.receiver.handleEvent({ inboxKey, timestamp, signature, rawBody: request.rawBody, body });
  }

  @Post('commands')
  @HttpCode(200)
  commands(
    @Param('inboxKey') inboxKey: string,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
  ): Promise<SlackCommandReply> {
    return this.receiver.handleCommand({ inboxKey, timestamp, signature, rawBody: request.rawBody, body });
  }

  @Post('interactions')
  @HttpCode(200)
  async interactions(
    @Param('inboxKey') inboxKey: string,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<Request>,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.receiver.handleInteraction({ inboxKey, timestamp, signature, rawBody: request.rawBody, body });
  }
}
