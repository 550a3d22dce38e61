import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ChannelType, Inbox, TenantRepository, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';

/** The `inboxes` table. Secrets are read only when asked for (`findWithSecrets`). */
@Injectable()
export class InboxesRepository extends TenantRepository<Inbox> {
  constructor(@InjectRepository(Inbox) repository: Repository<Inbox>) {
    super(repository);
  }

  override withManager(manager: EntityManager): InboxesRepository {
    return new InboxesRepository(manager.getRepository(Inbox));
  }

  /** The inbox with its secrets (channel credentials), for a channel adapter that acts on it. */
  findWithSecrets(workspaceId: WorkspaceId, id: string): Promise<Inbox | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.secretsQuery()
      .where('inbox.id = :id AND inbox.workspaceId = :workspaceId', { id, workspaceId: asWorkspaceId(workspaceId) })
      .getOne();
  }

  /** The workspace's inboxes of one channel with their secrets, oldest first. */
  listWithSecrets(workspaceId: WorkspaceId, channel: ChannelType): Promise<Inbox[]> {
    return this.secretsQuery()
      .where('inbox.workspaceId = :workspaceId AND inbox.channel = :channel', {
        workspaceId: asWorkspaceId(workspaceId),
        channel,
      })
      .orderBy('inbox.createdAt', 'ASC')
      .getMany();
  }

  /** Across workspaces: the inbox a provider's request names by public key (Slack, the mail webhook), with secrets. */
  findByPublicKeyWithSecrets(channel: ChannelType, publicKey: string): Promise<Inbox | null> {
    return this.secretsQuery()
      .where('inbox.publicKey = :publicKey AND inbox.channel = :channel', { publicKey, channel })
      .getOne();
  }

  /** Across workspaces: the e-mail inbox receiving `address`, or with this public key; the oldest when several match. */
  findEmailInbox(address: string, publicKey: string | null): Promise<Inbox | null> {
    const byAddress = "lower(inbox.settings->>'address') = lower(:address)";
    return this.repository
      .createQueryBuilder('inbox')
      .where("inbox.channel = 'email'")
      .andWhere(publicKey === null ? byAddress : `(${byAddress} OR inbox.publicKey = :publicKey)`, {
        address,
        publicKey,
      })
      .orderBy('inbox.createdAt', 'ASC')
      .getOne();
  }

  /** New credentials replace the old ones and clear a 'broken' status they caused. */
  async replaceCredentials(workspaceId: WorkspaceId, id: string, credentials: Record<string, string>): Promise<void> {
    await this.repository.query(
      `UPDATE inboxes SET secrets = secrets || $3::jsonb, settings = settings - 'status'
        WHERE id = $1 AND "workspaceId" = $2`,
      [id, asWorkspaceId(workspaceId), JSON.stringify(credentials)],
    );
  }

  /** Moves the inbox's visitor token generation on and returns the new one; null when there is no such inbox. */
  async nextVisitorTokenGeneration(workspaceId: WorkspaceId, id: string): Promise<number | null> {
    const [rows]: [Array<{ visitorTokenGeneration: number }>, number] = await this.repository.query(
      `UPDATE inboxes SET "visitorTokenGeneration" = "visitorTokenGeneration" + 1, "updatedAt" = now()
        WHERE id = $1 AND "workspaceId" = $2 RETURNING "visitorTokenGeneration"`,
      [id, asWorkspaceId(workspaceId)],
    );
    return rows[0]?.visitorTokenGeneration ?? null;
  }

  /** Whether an e-mail inbox other than `exceptId` receives the address, in any workspace. */
  async emailAddressTaken(address: string, exceptId: string | null): Promise<boolean> {
    const taken: unknown[] = await this.repository.query(
      `SELECT id FROM inboxes
        WHERE channel = 'email' AND lower(settings->>'address') = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)
        LIMIT 1`,
      [address, exceptId],
    );
    return taken.length > 0;
  }

  /** The channel of the conversation's inbox, or null for a conversation this workspace does not have. */
  async channelOfConversation(workspaceId: WorkspaceId, conversationId: string): Promise<ChannelType | null> {
    if (!isUuid(conversationId)) return null;
    const rows: Array<{ channel: ChannelType }> = await this.repository.query(
      `SELECT i.channel FROM conversations c JOIN inboxes i ON i.id = c."inboxId" AND i."workspaceId" = c."workspaceId"
        WHERE c.id = $1 AND c."workspaceId" = $2`,
      [conversationId, asWorkspaceId(workspaceId)],
    );
    return rows[0]?.channel ?? null;
  }

  private secretsQuery(): SelectQueryBuilder<Inbox> {
    return this.repository.createQueryBuilder('inbox').addSelect('inbox.secrets');
  }
}
