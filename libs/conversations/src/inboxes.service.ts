import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditLog } from '@switchboard/audit';
import { ChannelType, Inbox, WorkspaceId, isUuid } from '@switchboard/database';
import { LRUCache } from 'lru-cache';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { InboxesRepository } from './inboxes.repository';

export interface CreatedInbox {
  inbox: Inbox;
  /** Shown once: the widget identity secret (HMAC key for user_hash). */
  identitySecret?: string;
  /** Shown once: the e-mail inbound webhook's bearer secret. */
  webhookSecret?: string;
}

/** Two e-mail inboxes cannot receive the same address: routing would pick one of them silently. */
export class DuplicateInboxAddressError extends Error {
  constructor(readonly address: string) {
    super(`Another e-mail inbox already receives ${address}`);
    this.name = 'DuplicateInboxAddressError';
  }
}

export const VISITOR_TOKENS_REVOKED = 'inbox.visitor_tokens_revoked';

/** Emitted in-process after a revocation, so this process's widget inbox cache drops the inbox at once. */
export interface VisitorTokensRevokedEvent {
  workspaceId: string;
  inboxId: string;
  publicKey: string;
}

/** Only widget inboxes have visitor tokens to revoke. */
export class NotAWidgetInboxError extends Error {
  constructor() {
    super('Only widget inboxes have visitor tokens');
    this.name = 'NotAWidgetInboxError';
  }
}

@Injectable()
export class InboxesService {
  // A conversation's inbox and an inbox's channel never change, so what was read once holds (bounded by count).
  private readonly conversationChannels = new LRUCache<string, ChannelType>({ max: 100_000 });

  constructor(
    private readonly inboxes: InboxesRepository,
    private readonly events: EventEmitter2,
    private readonly audit: AuditLog,
  ) {}

  async create(
    workspaceId: WorkspaceId,
    input: {
      name: string;
      channel: ChannelType;
      settings?: Record<string, unknown>;
      /** Credentials the channel's provider issued (Slack bot token, signing secret): kept in secrets only. */
      credentials?: Record<string, string>;
    },
  ): Promise<CreatedInbox> {
    await this.requireFreeAddress(input.channel, input.settings?.address, null);
    const secrets: Record<string, string> = { ...(input.credentials ?? {}) };
    if (input.channel === 'widget') secrets.identitySecret = randomBytes(32).toString('hex');
    if (input.channel === 'email') secrets.webhookSecret = randomBytes(32).toString('hex');
    const inbox = await this.inboxes.create(workspaceId, {
      name: input.name,
      channel: input.channel,
      publicKey: `ib_${randomBytes(12).toString('base64url')}`,
      settings: input.settings ?? {},
      secrets,
    });
    const { secrets: _hidden, ...visible } = inbox;
    const created = {
      inbox: visible as Inbox,
      identitySecret: secrets.identitySecret,
      webhookSecret: secrets.webhookSecret,
    };
    const after = {
      ...visible,
      credentials: input.credentials ?? null,
      identitySecret: secrets.identitySecret,
      webhookSecret: secrets.webhookSecret,
    };
    await this.audit.record(workspaceId, { action: 'inbox.created', target: inboxTarget(inbox.id), after });
    return created;
  }

  list(workspaceId: WorkspaceId): Promise<Inbox[]> {
    return this.inboxes.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  get(workspaceId: WorkspaceId, id: string): Promise<Inbox | null> {
    return this.inboxes.findById(workspaceId, id);
  }

  /** The inbox with its channel credentials, for the channel adapter that acts on it. */
  getWithSecrets(workspaceId: WorkspaceId, id: string): Promise<Inbox | null> {
    return this.inboxes.findWithSecrets(workspaceId, id);
  }

  async update(
    workspaceId: WorkspaceId,
    id: string,
    patch: { name?: string; settings?: Record<string, unknown>; credentials?: Record<string, string> },
  ): Promise<Inbox | null> {
    const inbox = await this.get(workspaceId, id);
    if (!inbox) return null;
    await this.requireFreeAddress(inbox.channel, patch.settings?.address, id);
    // New credentials (a reinstalled Slack app) replace the old ones and clear a 'broken' status they caused.
    if (patch.credentials) await this.inboxes.replaceCredentials(workspaceId, id, patch.credentials);
    const changes: Partial<Pick<Inbox, 'name' | 'settings'>> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.settings !== undefined) changes.settings = { ...inbox.settings, ...patch.settings };
    await this.inboxes.update(workspaceId, id, changes as QueryDeepPartialEntity<Inbox>);
    const updated = await this.get(workspaceId, id);
    const after = updated && { ...updated, credentials: patch.credentials ?? null };
    await this.audit.record(workspaceId, { action: 'inbox.updated', target: inboxTarget(id), before: inbox, after });
    return updated;
  }

  /**
   * Revokes every visitor token of a widget inbox: the generation moves on, so tokens issued before stop verifying
   * (at once in this process, within the widget's 5-second inbox cache in others). Null when there is no such
   * inbox in this workspace.
   */
  async revokeVisitorTokens(workspaceId: WorkspaceId, id: string): Promise<{ visitorTokenGeneration: number } | null> {
    const inbox = await this.get(workspaceId, id);
    if (!inbox) return null;
    if (inbox.channel !== 'widget') throw new NotAWidgetInboxError();
    const visitorTokenGeneration = await this.inboxes.nextVisitorTokenGeneration(workspaceId, id);
    if (visitorTokenGeneration === null) return null;
    const event: VisitorTokensRevokedEvent = { workspaceId, inboxId: id, publicKey: inbox.publicKey };
    this.events.emit(VISITOR_TOKENS_REVOKED, event);
    await this.audit.record(workspaceId, {
      action: 'inbox.visitor_tokens_revoked',
      target: inboxTarget(id),
      before: { visitorTokenGeneration: inbox.visitorTokenGeneration },
      after: { visitorTokenGeneration },
    });
    return { visitorTokenGeneration };
  }

  /** Checked across workspaces: inbound mail is routed by its recipient before any workspace is known. */
  private async requireFreeAddress(channel: ChannelType, address: unknown, exceptId: string | null): Promise<void> {
    if (channel !== 'email' || typeof address !== 'string' || !address.trim()) return;
    if (await this.inboxes.emailAddressTaken(address.trim(), exceptId))
      throw new DuplicateInboxAddressError(address.trim());
  }

  /**
   * The channel of the conversation's inbox, or null for a conversation this workspace does not have. Read once per
   * conversation and process: every outgoing message asks. `manager` reads inside the caller's transaction.
   */
  async channelOfConversation(
    workspaceId: WorkspaceId,
    conversationId: string,
    manager?: EntityManager,
  ): Promise<ChannelType | null> {
    if (!isUuid(conversationId)) return null;
    const key = `${workspaceId}:${conversationId}`;
    const known = this.conversationChannels.get(key);
    if (known) return known;
    const inboxes = manager ? this.inboxes.withManager(manager) : this.inboxes;
    const channel = await inboxes.channelOfConversation(workspaceId, conversationId);
    if (channel) this.conversationChannels.set(key, channel);
    return channel;
  }

  async delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    const before = await this.get(workspaceId, id);
    if (!before || !(await this.inboxes.delete(workspaceId, id))) return false;
    await this.audit.record(workspaceId, { action: 'inbox.deleted', target: inboxTarget(id), before });
    return true;
  }

  /** The workspace's inboxes of one channel with their secrets, oldest first. */
  listWithSecrets(workspaceId: WorkspaceId, channel: ChannelType): Promise<Inbox[]> {
    return this.inboxes.listWithSecrets(workspaceId, channel);
  }

  /** Across workspaces: the inbox a provider's request names by public key (Slack, the mail webhook), with secrets. */
  findByPublicKeyWithSecrets(channel: ChannelType, publicKey: string): Promise<Inbox | null> {
    return this.inboxes.findByPublicKeyWithSecrets(channel, publicKey);
  }

  /**
   * Across workspaces: the e-mail inbox that receives `address` (settings.address, case-insensitive) or, when given,
   * the one with this public key (`<publicKey>@EMAIL_DOMAIN`); the oldest when several match.
   */
  findEmailInbox(address: string, publicKey: string | null): Promise<Inbox | null> {
    return this.inboxes.findEmailInbox(address, publicKey);
  }
}

function inboxTarget(id: string): { type: string; id: string } {
  return { type: 'inbox', id };
}
