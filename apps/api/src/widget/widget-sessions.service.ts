import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  VisitorTokenCheck,
  VisitorTokenPayload,
  VisitorTokenPolicy,
  checkVisitorToken,
  newVisitorSourceId,
  signVisitorToken,
  userSourceId,
  verifyUserHash,
} from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { IssuedVisitorToken, WidgetSession } from '@switchboard/contracts';
import { ConversationMessagesService, WorkspacesService } from '@switchboard/conversations';
import type { Contact, WorkspaceId, WorkspaceSettings } from '@switchboard/database';
import { CustomerTurnService } from '@switchboard/handoff';
import { WidgetSessionDto } from './dto/widget.dto';
import { WidgetConversationService } from './widget-conversation.service';
import {
  WidgetInbox,
  WidgetVisitor,
  visitorTokenExpired,
  visitorTokenInvalid,
  visitorTokenRevoked,
  widgetError,
} from './widget-request';

// A visitor's latest conversation changes only when a session opens their first: safe to remember for a while.
const CONVERSATION_TTL_MS = 60_000;
const MAX_CACHED_VISITORS = 20_000;

/** Starts and resumes widget visitors: identity, the signed visitor token, and the conversation they are in. */
@Injectable()
export class WidgetSessionsService {
  private readonly conversations = new Map<string, { conversationId: string; expires: number }>();

  constructor(
    private readonly messages: ConversationMessagesService,
    private readonly turns: CustomerTurnService,
    private readonly widgetConversations: WidgetConversationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workspaces: WorkspacesService,
  ) {}

  /**
   * A verified user (valid userHash) is `user:<userId>` on every device; anyone else is an anonymous visitor. A
   * stored token resumes only the same identity: an anonymous visitor who signs in becomes that user, and a token
   * of one user never resumes for another (or for nobody). An expired token still inside its renewal grace window
   * resumes too; a revoked one, or one past that window, is ignored: the visitor starts anew.
   */
  async start(inbox: WidgetInbox, dto: WidgetSessionDto): Promise<WidgetSession> {
    const userId = this.verifiedUserId(inbox, dto);
    const previous = dto.visitorToken ? renewablePayload(this.check(inbox, dto.visitorToken)) : null;
    const resumed = previous && (previous.userId ?? null) === userId ? previous : null;
    const known = resumed?.sourceId ?? (userId !== null ? userSourceId(userId) : null);
    const { sourceId, conversationId } = known
      ? await this.returningVisitor(inbox, dto, known, userId)
      : await this.newVisitor(inbox, dto);
    this.remember(inbox.id, sourceId, conversationId);

    const workspaceId = inbox.workspaceId;
    const settings = await this.workspaceSettings(workspaceId);
    const issued = this.issue(inbox, sourceId, userId);
    const visitor: WidgetVisitor = { workspaceId, inboxId: inbox.id, sourceId, userId, conversationId };
    const [online, history] = await Promise.all([
      this.turns.agentsAvailable(workspaceId, settings),
      // A visitor met just now is in the conversation just opened for them: the bot's, with nothing said yet.
      known ? this.widgetConversations.history(visitor) : { owner: 'bot' as const, messages: [] },
    ]);
    return {
      ...issued,
      conversationId,
      owner: history.owner,
      inbox: this.look(inbox, settings.locale),
      online,
      messages: history.messages,
    };
  }

  /** A visitor nobody has seen: their contact and first conversation, in one statement. */
  private async newVisitor(inbox: WidgetInbox, dto: WidgetSessionDto) {
    const sourceId = newVisitorSourceId();
    const visitor = { inboxId: inbox.id, sourceId, name: dto.name ?? null, email: dto.email ?? null };
    const { conversationId } = await this.messages.openForNewVisitor(inbox.workspaceId, visitor);
    return { sourceId, conversationId };
  }

  /** A visitor resuming their token, or a verified user: their contact kept up to date, in their latest conversation. */
  private async returningVisitor(inbox: WidgetInbox, dto: WidgetSessionDto, sourceId: string, userId: string | null) {
    const workspaceId = inbox.workspaceId;
    const { contact } = await this.messages.findOrCreateContact(workspaceId, {
      inboxId: inbox.id,
      sourceId,
      name: dto.name ?? null,
      email: dto.email ?? null,
      externalId: userId,
    });
    const [, latestConversationId] = await Promise.all([
      this.updateContact(workspaceId, contact, dto, userId !== null),
      this.messages.latestConversationId(workspaceId, inbox.id, sourceId),
    ]);
    const conversationId =
      latestConversationId ??
      (await this.messages.openConversation(workspaceId, { inboxId: inbox.id, sourceId })).conversation.id;
    return { sourceId, conversationId };
  }

  /** How the widget looks before any session: public, so a first-time visitor's launcher is right at once. */
  async publicLook(inbox: WidgetInbox): Promise<WidgetSession['inbox']> {
    return this.look(inbox, (await this.workspaceSettings(inbox.workspaceId)).locale);
  }

  private look(inbox: WidgetInbox, workspaceLocale: string): WidgetSession['inbox'] {
    return {
      title: inbox.settings.title ?? inbox.name,
      color: inbox.settings.color,
      greeting: inbox.settings.greeting,
      locale: inbox.settings.locale ?? workspaceLocale,
      strings: inbox.settings.strings,
    };
  }

  /**
   * The visitor a valid token names in this inbox, in their latest conversation. Throws the widget's 401 for a
   * token that is invalid, revoked or expired (an expired one says whether it can still be renewed).
   */
  async resume(inbox: WidgetInbox, token: string): Promise<WidgetVisitor> {
    const check = this.check(inbox, token);
    if (check.status !== 'valid') throw refusalOf(check);
    return this.visitorOf(inbox, check.payload);
  }

  /** Whether a token still opens the inbox's widget routes now: not revoked since, not expired. */
  tokenStillValid(inbox: WidgetInbox, token: string): boolean {
    return this.check(inbox, token).status === 'valid';
  }

  /**
   * Swaps a token that is valid, or expired but inside its renewal grace window, for a fresh one naming the same
   * visitor: their conversation carries on. A token past the window, revoked or invalid gets the widget's 401.
   */
  async renew(inbox: WidgetInbox, token: string): Promise<IssuedVisitorToken & { conversationId: string }> {
    const check = this.check(inbox, token);
    if (check.status !== 'valid' && !(check.status === 'expired' && check.renewable)) throw refusalOf(check);
    const visitor = await this.visitorOf(inbox, check.payload);
    return { ...this.issue(inbox, visitor.sourceId, visitor.userId), conversationId: visitor.conversationId };
  }

  private async visitorOf(inbox: WidgetInbox, payload: VisitorTokenPayload): Promise<WidgetVisitor> {
    // An inbox that now requires identity no longer serves anonymous tokens issued before.
    if (inbox.settings.identityRequired && payload.userId === undefined) throw visitorTokenInvalid();
    const conversationId = await this.conversationOf(inbox.workspaceId, inbox.id, payload.sourceId);
    if (!conversationId) throw visitorTokenInvalid();
    return {
      workspaceId: inbox.workspaceId,
      inboxId: inbox.id,
      sourceId: payload.sourceId,
      userId: payload.userId ?? null,
      conversationId,
    };
  }

  private issue(inbox: WidgetInbox, sourceId: string, userId: string | null): IssuedVisitorToken {
    const policy = this.policy(inbox);
    const now = Date.now();
    const visitorToken = signVisitorToken(
      inbox.identitySecret,
      { workspaceId: inbox.workspaceId, inboxId: inbox.id, sourceId, ...(userId !== null ? { userId } : {}) },
      policy,
      now,
    );
    const expiresAtSeconds = Math.floor(now / 1000) + policy.ttlSeconds;
    return {
      visitorToken,
      visitorTokenExpiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
      visitorTokenExpiresIn: policy.ttlSeconds,
    };
  }

  private policy(inbox: WidgetInbox): VisitorTokenPolicy {
    const { ttlSeconds, renewalGraceSeconds } = this.config.widget.visitorToken;
    return { ttlSeconds, renewalGraceSeconds, generation: inbox.visitorTokenGeneration };
  }

  private verifiedUserId(inbox: WidgetInbox, dto: WidgetSessionDto): string | null {
    const userId = dto.userId ?? null;
    const userHash = dto.userHash ?? null;
    if (userHash !== null) {
      if (userId === null || !verifyUserHash(inbox.identitySecret, userId, userHash)) {
        throw widgetError(HttpStatus.UNAUTHORIZED, 'identity_invalid', 'userHash does not match userId');
      }
      return userId;
    }
    if (inbox.settings.identityRequired) {
      throw widgetError(
        HttpStatus.UNAUTHORIZED,
        'identity_required',
        'This inbox needs a verified userId and userHash',
      );
    }
    // An unproven userId is only a hint: the visitor stays anonymous.
    return null;
  }

  /** A token signed for another inbox (or workspace) of the same secret is invalid here. */
  private check(inbox: WidgetInbox, token: string): VisitorTokenCheck {
    const check = checkVisitorToken(inbox.identitySecret, token, this.policy(inbox));
    if ('payload' in check && (check.payload.inboxId !== inbox.id || check.payload.workspaceId !== inbox.workspaceId)) {
      return { status: 'invalid' };
    }
    return check;
  }

  /** The host page speaks for a verified user; an anonymous visitor only fills in what is missing. */
  private async updateContact(
    workspaceId: WorkspaceId,
    contact: Contact,
    dto: WidgetSessionDto,
    verified: boolean,
  ): Promise<void> {
    const changes: Partial<Pick<Contact, 'name' | 'email'>> = {};
    if (dto.name && dto.name !== contact.name && (verified || contact.name === null)) changes.name = dto.name;
    if (dto.email && dto.email !== contact.email && (verified || contact.email === null)) changes.email = dto.email;
    if (Object.keys(changes).length > 0) await this.messages.updateContact(workspaceId, contact.id, changes);
  }

  private async conversationOf(workspaceId: WorkspaceId, inboxId: string, sourceId: string): Promise<string | null> {
    const key = `${inboxId}:${sourceId}`;
    const cached = this.conversations.get(key);
    if (cached && cached.expires > Date.now()) return cached.conversationId;
    const conversationId = await this.messages.latestConversationId(workspaceId, inboxId, sourceId);
    if (conversationId) this.remember(inboxId, sourceId, conversationId);
    return conversationId;
  }

  private remember(inboxId: string, sourceId: string, conversationId: string): void {
    if (this.conversations.size >= MAX_CACHED_VISITORS) this.conversations.clear();
    this.conversations.set(`${inboxId}:${sourceId}`, { conversationId, expires: Date.now() + CONVERSATION_TTL_MS });
  }

  private workspaceSettings(workspaceId: WorkspaceId): Promise<WorkspaceSettings> {
    return this.workspaces.settings(workspaceId);
  }
}

/** The payload of a token the visitor may carry on with: valid, or expired inside the renewal window. */
function renewablePayload(check: VisitorTokenCheck): VisitorTokenPayload | null {
  if (check.status === 'valid' || (check.status === 'expired' && check.renewable)) return check.payload;
  return null;
}

/** The widget's 401 for a token that does not hold: its code tells the widget to renew or start anew. */
function refusalOf(check: Exclude<VisitorTokenCheck, { status: 'valid' }>): HttpException {
  switch (check.status) {
    case 'expired':
      return visitorTokenExpired(check.renewable);
    case 'revoked':
      return visitorTokenRevoked();
    case 'invalid':
      return visitorTokenInvalid();
  }
}
