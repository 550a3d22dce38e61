import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import type { CsatReport } from '@switchboard/contracts';
import {
  ConversationMessagesService,
  ConversationOwnershipService,
  InboxesService,
  RatingRequestsService,
} from '@switchboard/conversations';
import {
  ConversationOwner,
  CsatChannel,
  CsatRating,
  UnitOfWork,
  Work,
  WorkspaceId,
  asWorkspaceId,
  detailsOf,
  isUuid,
} from '@switchboard/database';
import type { Message } from '@switchboard/database';
import { CsatLinkClaims, csatLinkKey, signCsatLink, verifyCsatLink } from './csat-link';
import { CsatRatingsRepository } from './csat-ratings.repository';
import { CsatInput, checkCsatInput, csatWindowEnd, isWithinCsatWindow } from './csat-rules';
import { csatReportOf } from './csat-summary';
import { CSAT_SUBMITTED, CsatSubmittedEvent } from './csat.events';
import {
  ConversationNotBotOwnedError,
  CsatRequestNotFoundError,
  CsatWindowClosedError,
  ExpiredCsatLinkError,
  InvalidCsatLinkError,
  NothingToEndError,
} from './csat.errors';

export const CSAT_REPORT_MAX_DAYS = 365;

/** What ending a conversation reads of it under its row lock. */
interface LockedConversation {
  owner: ConversationOwner;
  lastActivityAt: Date;
}

const ASK = 'How did we do? Please rate this conversation from 1 (poor) to 5 (excellent).';

/** A rating as exported for its contact (GDPR): plain JSON. */
export interface ExportedCsatRating {
  conversationId: string;
  score: number;
  comment: string | null;
  channel: CsatChannel;
  agentId: string | null;
  submittedAt: string;
  updatedAt: string;
}

/** The customer's rating of a conversation, with when it stops being changeable. */
export interface CsatRatingWithWindow {
  rating: CsatRating;
  changeableUntil: Date;
}

/**
 * Customer satisfaction: asks the customer to rate a conversation once it ends (a resolved ticket, or "End chat"
 * with the bot), records one rating per conversation, changeable until the window after the request closes, and
 * reports them. The only access to `csat_ratings`.
 */
@Injectable()
export class CsatService {
  private readonly linkKey: Buffer;

  constructor(
    private readonly ratings: CsatRatingsRepository,
    private readonly messages: ConversationMessagesService,
    private readonly ownership: ConversationOwnershipService,
    private readonly inboxes: InboxesService,
    private readonly ratingRequests: RatingRequestsService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.linkKey = csatLinkKey(config.actions.secretsKey);
  }

  /** The bot's rating request in the conversation: 1–5 buttons in the widget and Slack, a signed link in e-mail. */
  async requestRating(
    workspaceId: WorkspaceId,
    conversationId: string,
    agentId: string | null,
    now = new Date(),
  ): Promise<Message | null> {
    const channel = await this.inboxes.channelOfConversation(workspaceId, conversationId);
    if (!channel) return null;
    const content = channel === 'email' ? `${ASK}\n\n${this.linkUrl(workspaceId, conversationId, agentId, now)}` : ASK;
    const request = await this.messages.addBotMessage(workspaceId, conversationId, {
      kind: 'message',
      content,
      metadata: { csatRequest: { agentId } },
      notice: true,
    });
    await this.ratingRequests.markRequested(workspaceId, conversationId, now);
    return request;
  }

  /** "End chat" with the bot: the conversation is resolved and the customer asked to rate it. */
  async endBotConversation(workspaceId: WorkspaceId, conversationId: string): Promise<void> {
    await this.resolveAndAsk(workspaceId, conversationId, async (conversation, work) => {
      if (conversation.owner !== 'bot') throw new ConversationNotBotOwnedError();
      const said = await this.messages.recentDialogue(workspaceId, conversationId, 1, work.manager);
      if (said.length === 0) throw new NothingToEndError();
      return true;
    });
  }

  /**
   * A bot conversation nobody wrote in since `cutoff`, already claimed by the idle sweep, ends as End chat ends it:
   * resolved, then the customer asked to rate it. One the customer wrote in (or a person took) since the claim is
   * given back and stays open. Whether it ended.
   */
  async endIdleConversation(
    workspaceId: WorkspaceId,
    conversationId: string,
    cutoff: Date,
    now = new Date(),
  ): Promise<boolean> {
    const stillIdle = (conversation: LockedConversation) =>
      Promise.resolve(conversation.owner === 'bot' && conversation.lastActivityAt < cutoff);
    const ended = await this.resolveAndAsk(workspaceId, conversationId, stillIdle, now);
    if (!ended) await this.ratingRequests.releaseClaim(workspaceId, conversationId);
    return ended;
  }

  /** A rating in answer to the bot's request message (widget, Slack): allowed until the window after it closes. */
  async rateRequest(
    workspaceId: WorkspaceId,
    conversationId: string,
    requestMessageId: unknown,
    given: { score: unknown; comment?: unknown; channel: CsatChannel },
    now = new Date(),
  ): Promise<CsatRatingWithWindow> {
    const input = checkCsatInput(given.score, given.comment);
    const request = await this.requestMessage(workspaceId, conversationId, requestMessageId);
    const { windowDays } = this.config.csat;
    const closesAt = csatWindowEnd(request.message.createdAt, windowDays);
    if (!isWithinCsatWindow(request.message.createdAt, windowDays, now)) throw new CsatWindowClosedError(closesAt);
    const rating = await this.save(workspaceId, conversationId, request.agentId, given.channel, input, now);
    return { rating, changeableUntil: closesAt };
  }

  /** What a rating link stands for, checked without a lookup; throws for an altered or expired link. */
  checkLink(token: string, now = new Date()): CsatLinkClaims {
    const check = verifyCsatLink(this.linkKey, token, Math.floor(now.getTime() / 1000));
    if (check.ok) return check.claims;
    if (check.reason === 'expired') throw new ExpiredCsatLinkError();
    throw new InvalidCsatLinkError();
  }

  /** What a link stands for and the rating already given for its conversation, to show on its page. */
  async ratingForLink(token: string, now = new Date()): Promise<{ claims: CsatLinkClaims; rating: CsatRating | null }> {
    const claims = this.checkLink(token, now);
    const workspaceId = asWorkspaceId(claims.workspaceId);
    return { claims, rating: await this.ratings.findForConversation(workspaceId, claims.conversationId) };
  }

  /** A rating from the e-mailed link: the link's signature and expiry are the window. */
  async rateByLink(
    token: string,
    given: { score: unknown; comment?: unknown },
    now = new Date(),
  ): Promise<CsatRatingWithWindow> {
    const claims = this.checkLink(token, now);
    const input = checkCsatInput(given.score, given.comment);
    const workspaceId = asWorkspaceId(claims.workspaceId);
    const rating = await this.save(workspaceId, claims.conversationId, claims.agentId, 'email', input, now);
    return { rating, changeableUntil: new Date(claims.expiresAt * 1000) };
  }

  ratingOf(workspaceId: WorkspaceId, conversationId: string): Promise<CsatRating | null> {
    return this.ratings.findForConversation(workspaceId, conversationId);
  }

  /** Ratings first given in the last `days` days: overall, the bot's, and per resolving agent (names given). */
  async report(
    workspaceId: WorkspaceId,
    days: number,
    agentNames: (ids: string[]) => Promise<ReadonlyMap<string, string>>,
    now = new Date(),
  ): Promise<CsatReport> {
    const since = new Date(now.getTime() - days * 86_400_000);
    const counts = await this.ratings.scoreCountsSince(workspaceId, since);
    const agentIds = [...new Set(counts.flatMap((row) => (row.agentId ? [row.agentId] : [])))];
    return csatReportOf(days, counts, agentIds.length > 0 ? await agentNames(agentIds) : new Map());
  }

  /** The contact's ratings as plain JSON (for a GDPR export). */
  async exportForContact(workspaceId: WorkspaceId, contactId: string): Promise<ExportedCsatRating[]> {
    const rows = await this.ratings.listForContact(workspaceId, contactId);
    return rows.map((row) => ({
      conversationId: row.conversationId,
      score: row.score,
      comment: row.comment,
      channel: row.channel,
      agentId: row.agentId,
      submittedAt: row.submittedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }));
  }

  /** Deletes the contact's ratings (GDPR erasure); returns how many there were. */
  eraseForContact(workspaceId: WorkspaceId, contactId: string): Promise<number> {
    return this.ratings.deleteForContact(workspaceId, contactId);
  }

  /** The signed link an e-mail carries: valid for the window from now. */
  linkUrl(workspaceId: WorkspaceId, conversationId: string, agentId: string | null, now = new Date()): string {
    const expiresAt = Math.floor(csatWindowEnd(now, this.config.csat.windowDays).getTime() / 1000);
    const token = signCsatLink(this.linkKey, { workspaceId, conversationId, agentId, expiresAt });
    // In the query, which request logs leave out (the path is logged): the token rates the conversation.
    return `${this.config.http.publicUrl}/csat?token=${token}`;
  }

  /**
   * The end of a bot conversation: resolved under its row lock when `mayEnd` (read under that lock) says so, then,
   * after commit, the customer asked to rate it for the bot. Whether it was resolved.
   */
  private async resolveAndAsk(
    workspaceId: WorkspaceId,
    conversationId: string,
    mayEnd: (conversation: LockedConversation, work: Work) => Promise<boolean>,
    now = new Date(),
  ): Promise<boolean> {
    const resolved = await this.unitOfWork.run(workspaceId, async (work) => {
      const conversation = await this.messages.lockForChange(work, conversationId);
      if (!(await mayEnd(conversation, work))) return false;
      await this.ownership.apply(workspaceId, conversationId, 'resolve', { work });
      return true;
    });
    if (resolved) await this.requestRating(workspaceId, conversationId, null, now);
    return resolved;
  }

  private async requestMessage(
    workspaceId: WorkspaceId,
    conversationId: string,
    messageId: unknown,
  ): Promise<{ message: Message; agentId: string | null }> {
    const message = isUuid(messageId)
      ? await this.messages.findAuthoredMessage(workspaceId, conversationId, messageId, 'bot')
      : null;
    const details = message ? detailsOf(message) : null;
    const request = details?.kind === 'message' ? details.metadata.csatRequest : undefined;
    if (!message || !request) throw new CsatRequestNotFoundError();
    return { message, agentId: request.agentId ?? null };
  }

  /** Stores the rating (first or changed) and raises csat.submitted, published after commit. */
  private save(
    workspaceId: WorkspaceId,
    conversationId: string,
    agentId: string | null,
    channel: CsatChannel,
    input: CsatInput,
    now: Date,
  ): Promise<CsatRating> {
    return this.unitOfWork.run(workspaceId, async (work) => {
      const conversation = await this.messages.findConversation(workspaceId, { id: conversationId });
      if (!conversation) throw new CsatRequestNotFoundError();
      const ratings = this.ratings.withManager(work.manager);
      const before = await ratings.findForConversation(workspaceId, conversationId);
      const values = { conversationId, contactId: conversation.contactId, agentId, channel, ...input };
      const rating = await ratings.save(workspaceId, values, now);
      work.raise(submitted(workspaceId, rating, before !== null, now));
      return rating;
    });
  }
}

function submitted(workspaceId: WorkspaceId, rating: CsatRating, changed: boolean, at: Date): CsatSubmittedEvent {
  return {
    name: CSAT_SUBMITTED,
    workspaceId,
    conversationId: rating.conversationId,
    ratingId: rating.id,
    contactId: rating.contactId,
    score: rating.score,
    comment: rating.comment,
    channel: rating.channel,
    agentId: rating.agentId,
    changed,
    at,
  };
}
