import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  RawBodyRequest,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { NotAudited } from '@switchboard/audit';
import { bearerToken } from '@switchboard/auth';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  IssuedVisitorTokenResponse,
  WidgetContactResponse,
  WidgetCsatResponse,
  WidgetFeedbackResponse,
  WidgetHistoryResponse,
  WidgetLookEnvelopeResponse,
  WidgetOwnerResponse,
  WidgetPostedResponse,
  WidgetSessionResponse,
} from './dto/widget.response';
import { WidgetResponse } from '@switchboard/contracts';
import { Request, Response } from 'express';
import {
  WidgetAttachmentQueryDto,
  WidgetContactDto,
  WidgetCsatDto,
  WidgetFeedbackDto,
  WidgetHistoryQueryDto,
  WidgetMessageDto,
  WidgetSessionDto,
} from './dto/widget.dto';
import { CsatErrorsFilter } from '../csat/csat-errors.filter';
import { WidgetConversationService } from './widget-conversation.service';
import { WidgetErrorsFilter } from './widget-errors.filter';
import { WidgetEventsService } from './widget-events.service';
import { WidgetInboxesService } from './widget-inboxes.service';
import { WidgetIpRateLimitGuard } from './widget-rate-limit.guard';
import {
  CurrentInbox,
  CurrentVisitor,
  WidgetInbox,
  WidgetRequest,
  WidgetVisitor,
  visitorTokenInvalid,
} from './widget-request';
import { WidgetSessionsService } from './widget-sessions.service';
import { AllowQueryToken, WidgetVisitorGuard } from './widget-visitor.guard';
import { uploadedFile } from './widget-upload';

/**
 * What the embeddable widget speaks (docs/widget-and-console-http.md, "Widget"); origins are checked before. Every
 * route but `session` takes the visitor token as `Authorization: Bearer` (the event stream also as `?token=`).
 */
@ApiTags('widget')
@ApiParam({ name: 'inboxKey', description: "The inbox's public key (ib_...)" })
@UseGuards(WidgetIpRateLimitGuard)
@UseFilters(WidgetErrorsFilter)
@NotAudited('customer traffic')
@Controller('v1/widget/:inboxKey')
export class WidgetController {
  constructor(
    private readonly sessions: WidgetSessionsService,
    private readonly conversations: WidgetConversationService,
    private readonly live: WidgetEventsService,
    private readonly inboxes: WidgetInboxesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('look')
  @ApiOkResponse({ type: WidgetLookEnvelopeResponse })
  @ApiOperation({ summary: "The widget's title, colour, greeting, language and strings; no visitor token needed." })
  async look(@CurrentInbox() inbox: WidgetInbox): Promise<WidgetResponse<'GET look'>> {
    return { inbox: await this.sessions.publicLook(inbox) };
  }

  @Post('session')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetSessionResponse })
  @ApiOperation({ summary: 'Start or resume a visitor: token, conversation, inbox settings and history.' })
  session(@CurrentInbox() inbox: WidgetInbox, @Body() dto: WidgetSessionDto): Promise<WidgetResponse<'POST session'>> {
    return this.sessions.start(inbox, dto);
  }

  @Post('session/renew')
  @HttpCode(200)
  @ApiOkResponse({ type: IssuedVisitorTokenResponse })
  @ApiOperation({
    summary:
      'Swap the Bearer visitor token (valid, or expired within the renewal grace window) for a fresh one: same ' +
      'visitor, same conversation.',
  })
  renew(@CurrentInbox() inbox: WidgetInbox, @Req() request: Request): Promise<WidgetResponse<'POST session/renew'>> {
    const token = bearerToken(request);
    if (!token) throw visitorTokenInvalid();
    return this.sessions.renew(inbox, token);
  }

  @Get('messages')
  @ApiOkResponse({ type: WidgetHistoryResponse })
  @UseGuards(WidgetVisitorGuard)
  @ApiOperation({ summary: 'The transcript, oldest first; with ?after=, only what follows that message.' })
  history(
    @CurrentVisitor() visitor: WidgetVisitor,
    @Query() query: WidgetHistoryQueryDto,
  ): Promise<WidgetResponse<'GET messages'>> {
    return this.conversations.history(visitor, query.after);
  }

  @Post('messages')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WidgetPostedResponse })
  @UseGuards(WidgetVisitorGuard)
  @ApiOperation({ summary: 'Send a message; the answer comes on the event stream.' })
  post(
    @CurrentVisitor() visitor: WidgetVisitor,
    @Body() dto: WidgetMessageDto,
  ): Promise<WidgetResponse<'POST messages'>> {
    return this.conversations.post(visitor, dto);
  }

  @Post('attachments')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WidgetPostedResponse })
  @ApiConsumes('application/octet-stream')
  @ApiBody({
    description: "The file's raw bytes: a JPEG, PNG, GIF or WebP image or a PDF, up to ATTACHMENT_MAX_BYTES.",
  })
  @UseGuards(WidgetVisitorGuard)
  @ApiOperation({
    summary:
      'Send a file as a message (the type is sniffed from its bytes: 415 otherwise; 413 over the limit). Counted ' +
      'in the visitor rate limit; the bot does not answer a file.',
  })
  async attach(
    @CurrentVisitor() visitor: WidgetVisitor,
    @Query() query: WidgetAttachmentQueryDto,
    @Req() request: RawBodyRequest<Request>,
    @Res({ passthrough: true }) response: Response,
  ): Promise<WidgetResponse<'POST attachments'>> {
    const content = await uploadedFile(request, response, this.config.widget.attachmentMaxBytes);
    return this.conversations.attach(visitor, content, query);
  }

  @Get('events')
  @AllowQueryToken()
  @UseGuards(WidgetVisitorGuard)
  @ApiProduces('text/event-stream')
  @ApiOperation({ summary: 'Live events: ready, message, typing, token, reset, discard, owner (token in ?token=).' })
  events(
    @Param('inboxKey') inboxKey: string,
    @CurrentVisitor() visitor: WidgetVisitor,
    @Req() request: WidgetRequest,
    @Res() response: Response,
  ): Promise<void> {
    const token = request.widgetVisitorToken ?? '';
    // The inbox is looked up afresh (cached for seconds): a revocation since the stream opened must be seen.
    const tokenHolds = async (): Promise<boolean> => {
      const inbox = await this.inboxes.byPublicKey(inboxKey);
      return inbox !== null && this.sessions.tokenStillValid(inbox, token);
    };
    return this.live.stream(visitor, response, tokenHolds);
  }

  @Post('feedback')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetFeedbackResponse })
  @UseGuards(WidgetVisitorGuard)
  @ApiOperation({ summary: 'Thumbs up or down on a bot answer; two downs in a row hand off to a person.' })
  feedback(
    @CurrentVisitor() visitor: WidgetVisitor,
    @Body() dto: WidgetFeedbackDto,
  ): Promise<WidgetResponse<'POST feedback'>> {
    return this.conversations.feedback(visitor, dto);
  }

  @Post('handoff')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetOwnerResponse })
  @UseGuards(WidgetVisitorGuard)
  @ApiOperation({ summary: '"Talk to a human".' })
  handoff(@CurrentVisitor() visitor: WidgetVisitor): Promise<WidgetResponse<'POST handoff'>> {
    return this.conversations.handoff(visitor);
  }

  @Post('contact')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetContactResponse })
  @UseGuards(WidgetVisitorGuard)
  @ApiOperation({ summary: 'The offline form: the e-mail address to reply to.' })
  contact(
    @CurrentVisitor() visitor: WidgetVisitor,
    @Body() dto: WidgetContactDto,
  ): Promise<WidgetResponse<'POST contact'>> {
    return this.conversations.contact(visitor, dto.email);
  }

  @Post('csat')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetCsatResponse })
  @UseGuards(WidgetVisitorGuard)
  @UseFilters(CsatErrorsFilter)
  @ApiOperation({
    summary:
      "Rate the conversation 1–5 (optional comment) in answer to the bot's rating request; again within the window " +
      'changes the rating, after it 409.',
  })
  rate(@CurrentVisitor() visitor: WidgetVisitor, @Body() dto: WidgetCsatDto): Promise<WidgetResponse<'POST csat'>> {
    return this.conversations.rate(visitor, dto);
  }

  @Post('end')
  @HttpCode(200)
  @ApiOkResponse({ type: WidgetOwnerResponse })
  @UseGuards(WidgetVisitorGuard)
  @UseFilters(CsatErrorsFilter)
  @ApiOperation({ summary: '"End chat" with the bot: the conversation is resolved and the bot asks for a rating.' })
  end(@CurrentVisitor() visitor: WidgetVisitor): Promise<WidgetResponse<'POST end'>> {
    return this.conversations.end(visitor);
  }
}
