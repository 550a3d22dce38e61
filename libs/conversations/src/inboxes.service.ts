import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelType, Inbox, TenantRepository, WorkspaceId, isUuid } from '@switchboard/database';
import { LRUCache } from 'lru-cache';
import { randomBytes } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

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
  private readonly inboxes: TenantRepository<Inbox>;
  // A conversation's inbox and an inbox's channel never change, so what was read once holds (bounded by count).
  private readonly conversationChannels = new LRUCache<string, ChannelType>({ max: 100_000 });

  constructor(
    @InjectRepository(Inbox) private readonly repository: Repository<Inbox>,
    private readonly events: EventEmitter2,
  ) {
    this.inboxes = new TenantRepository(repository);
  }

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
    return { inbox: visible as Inbox, identitySecret: secrets.identitySecret, webhookSecret: secrets.webhookSecret };
  }

  list(workspaceId: WorkspaceId): Promise<Inbox[]> {
    return this.inboxes.find(workspaceId, { order: { createdAt: 'ASC' } });
  }

  get(workspaceId: WorkspaceId, id: string): Promise<Inbox | null> {
    return this.inboxes.findById(workspaceId, id);
  }

  async update(
    workspaceId: WorkspaceId,
    id: string,
    patch: { name?: string; settings?: Record<string, unknown>; credentials?: Record<string, string> },
  ): Promise<Inbox | null> {
    const inbox = await this.get(workspaceId, id);
    if (!inbox) return null;
    await this.requireFreeAddress(inbox.channel, patch.settings?.address, id);
    if (patch.credentials) {
      // New credentials (a reinstalled Slack app) replace the old ones and clear a 'broken' status they caused.
      await this.repository.query(
        `UPDATE inboxes SET secrets = secrets || $3::jsonb, settings = settings - 'status'
          WHERE id = $1 AND "workspaceId" = $2`,
        [id, workspaceId, JSON.stringify(patch.credentials)],
      );
    }
    const changes: Partial<Pick<Inbox, 'name' | 'settings'>> = {};
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.settings !== undefined) changes.settings = { ...inbox.settings, ...patch.settings };
    await this.inboxes.update(workspaceId, id, changes as QueryDeepPartialEntity<Inbox>);
    return this.get(workspaceId, id);
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
    const [rows]: [Array<{ visitorTokenGeneration: number }>, number] = await this.repository.query(
      `UPDATE inboxes SET "visitorTokenGeneration" = "visitorTokenGeneration" + 1, "updatedAt" = now()
        WHERE id = $1 AND "workspaceId" = $2 RETURNING "visitorTokenGeneration"`,
      [id, workspaceId],
    );
    const row = rows[0];
    if (!row) return null;
    const event: VisitorTokensRevokedEvent = { workspaceId, inboxId: id, publicKey: inbox.publicKey };
    this.events.emit(VISITOR_TOKENS_REVOKED, event);
    return { visitorTokenGeneration: row.visitorTokenGeneration };
  }

  /** Checked across workspaces: inbound mail is routed by its recipient before any workspace is known. */
  private async requireFreeAddress(channel: ChannelType, address: unknown, exceptId: string | null): Promise<void> {
    if (channel !== 'email' || typeof address !== 'string' || !address.trim()) return;
    const taken: unknown[] = await this.repository.query(
      `SELECT id FROM inboxes
        WHERE channel = 'email' AND lower(settings->>'address') = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)
        LIMIT 1`,
      [address.trim(), exceptId],
    );
    if (taken.length > 0) throw new DuplicateInboxAddressError(address.trim());
  }

  /**
   * The channel of the conversation's inbox, or null for a conversation this workspace does not have. Read once per
   * conversation and process: every outgoing message asks. `manager` reads inside the caller's transaction.
   */
  async channelOfConversation(
    workspaceId: WorkspaceId,
    conversationId: string,
    manager: EntityManager = this.repository.manager,
  ): Promise<ChannelType | null> {
    if (!isUuid(conversationId)) return null;
    const key = `${workspaceId}:${conversationId}`;
    const known = this.conversationChannels.get(key);
    if (known) return known;
    const rows: Array<{ channel: ChannelType }> = await manager.query(
      `SELECT i.channel FROM conversations c JOIN inboxes i ON i.id = c."inboxId" AND i."workspaceId" = c."workspaceId"
        WHERE c.id = $1 AND c."workspaceId" = $2`,
      [conversationId, workspaceId],
    );
    const channel = rows[0]?.channel ?? null;
    if (channel) this.conversationChannels.set(key, channel);
    return channel;
  }

  delete(workspaceId: WorkspaceId, id: string): Promise<boolean> {
    return this.inboxes.delete(workspaceId, id);
  }

  /** The inbox with this public key, with its secrets, in whichever workspace: the widget's key tells the tenant. */
  findByPublicKeyWithSecrets(publicKey: string): Promise<Inbox | null> {
    return this.repository
      .createQueryBuilder('inbox')
      .addSelect('inbox.secrets')
      .where('inbox.publicKey = :publicKey', { publicKey })
      .getOne();
  }
}
