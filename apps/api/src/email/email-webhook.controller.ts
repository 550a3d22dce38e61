import {
  Controller,
  HttpCode,
  Param,
  PayloadTooLargeException,
  Post,
  Req,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import { InboundOutcome, MalformedEmailError } from '@switchboard/channels';
import { Request } from 'express';
import { INBOUND_OUTCOMES } from './dto/inbound.response';
import { RawBodyTooLargeError } from '../http/raw-body';
import { EmailWebhookService, WebhookUnauthorizedError } from './email-webhook.service';

/** Raw MIME as mail providers forward it (message/rfc822), authenticated by the inbox's webhook secret. */
@ApiTags('email')
@NotAudited('channel traffic')
@Controller('v1/email')
export class EmailWebhookController {
  constructor(private readonly webhook: EmailWebhookService) {}

  @Post(':inboxKey/inbound')
  @HttpCode(202)
  @ApiExtraModels(...INBOUND_OUTCOMES)
  @ApiAcceptedResponse({
    description: 'What became of the mail.',
    schema: { oneOf: INBOUND_OUTCOMES.map((outcome) => ({ $ref: getSchemaPath(outcome) })) },
  })
  @ApiOperation({ summary: 'Deliver one raw e-mail (Authorization: Bearer <webhookSecret>)' })
  async inbound(@Param('inboxKey') inboxKey: string, @Req() request: Request): Promise<InboundOutcome> {
    try {
      return await this.webhook.deliver(inboxKey, request.headers.authorization, request);
    } catch (error) {
      if (error instanceof MalformedEmailError) throw new UnprocessableEntityException(error.message);
      if (error instanceof RawBodyTooLargeError) throw new PayloadTooLargeException(error.message);
      if (error instanceof WebhookUnauthorizedError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
