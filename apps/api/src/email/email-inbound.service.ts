import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { RateLimiter } from '@switchboard/auth';
import {
  InboundEmailMetadata,
  conversationIdFromMessageId,
  messageIdFromMessageId,
  parseRecipient,
} from '@switchboard/channels';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { ConversationMessagesService } from '@switchboard/conversations';
import { Conversation, Inbox, Message, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { BLOB_STORE, BlobStore } from '@switchboard/knowledge';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AutomatedKind, classifyAutomated } from './email-automation';
import { ParsedInboundEmail, bouncedMessageIds, parseInboundEmail } from './email-parser';

export interface InboundEnvelope {
  /** RCPT TO addresses; empty over the webhook (the headers name the recipients). */
  recipients: string[];
  /** MAIL FROM: `''` for the null sender, undefined when unknown (webhook). */
  mailFrom?: string;
}

export type InboundOutcome =
  | { status: 'stored'; conversationId: string; messageId: string; answering: boolean; automated: AutomatedKind | null }
  | { status: 'duplicate'; conversationId: string; messageId: string }
  | { status: 'bounce'; undeliverable: number };

export interface StoredAttachment {
  name: string;
  contentType: string;
  size: number;
  /** Absent when the attachment was over EMAIL_ATTACHMENT_MAX_BYTES: listed, not kept. */
  blobKey?: string;
}

/** Attachments live in the blob store under this pseudo-source of the workspace. */
export const EMAIL_ATTACHMENT_SOURCE = 'email-attachments';
const MAX_ATTACHMENTS = 20;
/** Each mail holds a connection for its Message-ID lock and needs more to store: stay well under the pool size. */
const MAX_CONCURRENT_MAILS = 4;

/**
 * One inbound mail, from SMTP or the webhook: parse, route to its inbox, store it once per Message-ID in the
 * conversation of its thread, and let the worker answer it unless it is automatic mail or over the contact's limit.
 */
@Injectable()
export class EmailInboundService {
  private readonly logger = new Logger(EmailInboundService.name);
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly messages: ConversationMessagesService,
    private readonly rateLimiter: RateLimiter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The e-mail inbox an address reaches: inbox.settings.address or `<publicKey>@EMAIL_DOMAIN`, with any +tag. */
  async routeRecipient(address: string): Promise<Inbox | null> {
    const parts = parseRecipient(address);
    if (!parts) return null;
    const query = this.dataSource
      .getRepository(Inbox)
      .createQueryBuilder('inbox')
      .where("inbox.channel = 'email'")
      .andWhere(
        parts.domain === this.config.email.domain.toLowerCase()
          ? "(lower(inbox.settings->>'address') = :base OR inbox.publicKey = :local)"
          : "lower(inbox.settings->>'address') = :base",
        { base: parts.base.toLowerCase(), local: parts.local },
      )
      .orderBy('inbox.createdAt', 'ASC');
    return query.getOne();
  }

  /** The inbox a webhook URL names, with its secrets, or null. */
  findWebhookInbox(inboxKey: string): Promise<Inbox | null> {
    return this.dataSource
      .getRepository(Inbox)
      .createQueryBuilder('inbox')
      .addSelect('inbox.secrets')
      .where("inbox.channel = 'email' AND inbox.publicKey = :inboxKey", { inboxKey })
      .getOne();
  }

  /** Throws MalformedEmailError for a mail we refuse. */
  async receive(inbox: Inbox, raw: Buffer, envelope: InboundEnvelope): Promise<InboundOutcome> {
    if (this.running >= MAX_CONCURRENT_MAILS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.receiveOne(inbox, raw, envelope);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async receiveOne(inbox: Inbox, raw: Buffer, envelope: InboundEnvelope): Promise<InboundOutcome> {
    const workspaceId = asWorkspaceId(inbox.workspaceId);
    const mail = await parseInboundEmail(raw);
    const automated = classifyAutomated(mail.headers, envelope.mailFrom);
    if (automated === 'bounce') return this.recordBounce(workspaceId, raw, mail);
    // Serialise deliveries of one Message-ID, so a mail delivered twice at once is still stored once.
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`email:${inbox.id}:${mail.messageId}`]);
      const existing = await this.findByMessageId(workspaceId, inbox.id, mail.messageId);
      if (existing) return { status: 'duplicate', conversationId: existing.conversationId, messageId: existing.id };
      const { contact } = await this.messages.findOrCreateContact(workspaceId, {
        inboxId: inbox.id,
        sourceId: mail.from.address,
        name: mail.from.name,
        email: mail.from.address,
      });
      const recipients = [...envelope.recipients, ...mail.recipients];
      const conversationId =
        (await this.threadOf(workspaceId, inbox.id, contact.id, mail, recipients)) ??
        (await this.openThread(workspaceId, inbox.id, mail));
      const limited = automated ? false : !(await this.withinBotLimit(contact.id));
      const answerLater = !automated && !limited;
      const attachments = await this.storeAttachments(workspaceId, mail);
      const email: InboundEmailMetadata & Record<string, unknown> = {
        messageId: mail.messageId,
        references: [
          ...mail.references,
          ...(mail.inReplyTo && !mail.references.includes(mail.inReplyTo) ? [mail.inReplyTo] : []),
        ],
        subject: mail.subject,
        replyTo: mail.replyTo,
        from: mail.from.address,
        ...(automated ? { automated } : {}),
        ...(limited ? { botLimited: true } : {}),
      };
      const received = await this.messages.receiveCustomerMessage(workspaceId, conversationId, {
        content: mail.question,
        clientMessageId: mail.messageId,
        metadata: { email, ...(attachments.length > 0 ? { attachments } : {}) },
        answerLater,
      });
      if (received.duplicate) {
        return { status: 'duplicate', conversationId, messageId: received.message.id };
      }
      return {
        status: 'stored',
        conversationId,
        messageId: received.message.id,
        answering: answerLater && received.botMayAnswer,
        automated,
      };
    });
  }

  private findByMessageId(
    workspaceId: WorkspaceId,
    inboxId: string,
    messageId: string,
  ): Promise<Pick<Message, 'id' | 'conversationId'> | null> {
    return this.dataSource
      .getRepository(Message)
      .createQueryBuilder('m')
      .innerJoin(Conversation, 'c', 'c.id = m.conversationId AND c.workspaceId = m.workspaceId')
      .where('m.workspaceId = :workspaceId AND c.inboxId = :inboxId AND m.clientMessageId = :messageId', {
        workspaceId,
        inboxId,
        messageId,
      })
      .getOne();
  }

  /**
   * The conversation a reply belongs to: a Message-ID it quotes (ours carry the conversation token; the customer's
   * earlier ones are stored), else the token of the reply address. Only the same contact's conversations qualify.
   */
  private async threadOf(
    workspaceId: WorkspaceId,
    inboxId: string,
    contactId: string,
    mail: ParsedInboundEmail,
    recipients: string[],
  ): Promise<string | null> {
    const conversations = this.dataSource.getRepository(Conversation);
    const candidate = async (conversationId: string | null): Promise<string | null> => {
      if (!conversationId || !isUuid(conversationId)) return null;
      const found = await conversations.findOne({ where: { id: conversationId, workspaceId, inboxId, contactId } });
      return found?.id ?? null;
    };
    const quoted = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
    for (const id of quoted) {
      const byToken = await candidate(conversationIdFromMessageId(id));
      if (byToken) return byToken;
      const earlier = await this.findByMessageId(workspaceId, inboxId, id);
      const byEarlier = await candidate(earlier?.conversationId ?? null);
      if (byEarlier) return byEarlier;
      const root = await conversations.findOne({ where: { workspaceId, inboxId, contactId, externalThreadId: id } });
      if (root) return root.id;
    }
    for (const address of recipients) {
      const byAddress = await candidate(parseRecipient(address)?.conversationId ?? null);
      if (byAddress) return byAddress;
    }
    return null;
  }

  private async openThread(workspaceId: WorkspaceId, inboxId: string, mail: ParsedInboundEmail): Promise<string> {
    const { conversation } = await this.messages.openConversation(workspaceId, {
      inboxId,
      sourceId: mail.from.address,
      name: mail.from.name,
      email: mail.from.address,
    });
    const root = mail.references[0] ?? mail.messageId;
    await this.dataSource
      .getRepository(Conversation)
      .update({ id: conversation.id, workspaceId }, { externalThreadId: root.slice(0, 500) });
    return conversation.id;
  }

  /** EMAIL_BOT_ANSWERS_PER_HOUR per contact: past it, mail is stored for an agent without an automatic answer. */
  private async withinBotLimit(contactId: string): Promise<boolean> {
    const decision = await this.rateLimiter.hit(
      `email-bot:${contactId}`,
      this.config.email.botAnswersPerHour,
      60 * 60 * 1000,
      // Fails open: the mail is stored either way, and automatic mail (the loop risk) is never answered.
      'open',
    );
    return decision.allowed;
  }

  private async storeAttachments(workspaceId: WorkspaceId, mail: ParsedInboundEmail): Promise<StoredAttachment[]> {
    const stored: StoredAttachment[] = [];
    for (const attachment of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
      const entry: StoredAttachment = {
        name: attachment.name.slice(0, 200),
        contentType: attachment.contentType,
        size: attachment.size,
      };
      if (attachment.size <= this.config.email.attachmentMaxBytes) {
        const blobKey = randomUUID();
        await this.blobs.put(
          { workspaceId, sourceId: EMAIL_ATTACHMENT_SOURCE, documentId: blobKey },
          attachment.content,
        );
        entry.blobKey = blobKey;
      }
      stored.push(entry);
    }
    return stored;
  }

  /** A delivery-status report: the outgoing messages it names are marked failed (undeliverable), nothing is answered. */
  private async recordBounce(workspaceId: WorkspaceId, raw: Buffer, mail: ParsedInboundEmail): Promise<InboundOutcome> {
    const ids = bouncedMessageIds(raw, mail)
      .map(messageIdFromMessageId)
      .filter((id): id is string => id !== null && isUuid(id));
    let undeliverable = 0;
    for (const id of new Set(ids)) {
      const result: unknown = await this.dataSource.query(
        `UPDATE messages SET "deliveryStatus" = 'failed',
                metadata = metadata || jsonb_build_object('undeliverable', jsonb_build_object('at', now(), 'bounce', $3::text))
          WHERE id = $1 AND "workspaceId" = $2 AND direction = 'outgoing'`,
        [id, workspaceId, mail.messageId],
      );
      const affected: unknown = Array.isArray(result) ? result[1] : 0;
      undeliverable += typeof affected === 'number' ? affected : 0;
    }
    this.logger.log(`bounce ${mail.messageId}: ${undeliverable} message(s) marked undeliverable`);
    return { status: 'bounce', undeliverable };
  }
}
