import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NotAudited } from '@switchboard/audit';
import {
  CsatRequestNotFoundError,
  CsatService,
  ExpiredCsatLinkError,
  InvalidCsatInputError,
  InvalidCsatLinkError,
} from '@switchboard/csat';
import { Response } from 'express';
import { CSAT_PAGE_HEADERS, CsatPage, renderCsatPage } from './csat-page';

/**
 * The page an e-mailed rating link opens: server-rendered, no JavaScript, the signed token (in the query, which request
 * logs leave out) is the only credential. GET shows the form (with the rating given so far); POST (a plain form) stores or changes the rating.
 */
@ApiExcludeController()
@Controller('csat')
export class CsatLinkController {
  constructor(private readonly csat: CsatService) {}

  @Get()
  async show(@Query('token') given: unknown, @Res() response: Response): Promise<void> {
    const token = tokenOf(given);
    try {
      const { claims, rating } = await this.csat.ratingForLink(token);
      send(response, 200, {
        kind: 'form',
        action: actionOf(token),
        score: rating?.score ?? null,
        comment: rating?.comment ?? null,
        until: new Date(claims.expiresAt * 1000),
      });
    } catch (error) {
      sendProblem(response, error);
    }
  }

  @Post()
  @NotAudited('a customer rates their conversation; changes no configuration or access')
  @HttpCode(200)
  async rate(
    @Query('token') given: unknown,
    @Body() body: Record<string, unknown> | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const token = tokenOf(given);
    const score = body?.score;
    const comment = body?.comment;
    try {
      const { rating, changeableUntil } = await this.csat.rateByLink(token, { score, comment });
      const thanks = { score: rating.score, comment: rating.comment, until: changeableUntil };
      send(response, 200, { kind: 'thanks', action: actionOf(token), ...thanks });
    } catch (error) {
      if (!(error instanceof InvalidCsatInputError)) return sendProblem(response, error);
      const until = new Date(this.csat.checkLink(token).expiresAt * 1000);
      const typed = typeof comment === 'string' ? comment : null;
      send(response, 400, {
        kind: 'form',
        action: actionOf(token),
        score: null,
        comment: typed,
        error: error.message,
        until,
      });
    }
  }
}

/** The form posts back to the link it was opened from (relative, so it works behind any public URL). */
function actionOf(token: string): string {
  return `?token=${encodeURIComponent(token)}`;
}

/** One token, or '' (which no check accepts) for none or several. */
function tokenOf(given: unknown): string {
  return typeof given === 'string' ? given : '';
}

function send(response: Response, status: number, page: CsatPage): void {
  response.status(status).set(CSAT_PAGE_HEADERS).send(renderCsatPage(page));
}

/** An altered link is 400, an expired one 410, a conversation since deleted 404; anything else is the server's. */
function sendProblem(response: Response, error: unknown): void {
  if (error instanceof InvalidCsatLinkError) {
    return send(response, 400, { kind: 'problem', title: 'This link is not valid', message: error.message });
  }
  if (error instanceof ExpiredCsatLinkError) {
    const message = 'The time to rate this conversation has passed. Thank you all the same!';
    return send(response, 410, { kind: 'problem', title: 'This link has expired', message });
  }
  if (error instanceof CsatRequestNotFoundError) {
    const message = 'This conversation no longer exists.';
    return send(response, 404, { kind: 'problem', title: 'Conversation not found', message });
  }
  throw error;
}
