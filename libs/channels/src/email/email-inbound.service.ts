import { Inject, Injectable, Logger } from '@nestjs/common';
import { RateLimiter } from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { ConversationMessagesService, InboxesService, VisitorIdentity } from '@switchboard/conversations';
import type { Inbox, Message } from '@switchboard/database';
import { WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { BLOB_STORE, BlobKey, BlobStore } from '@switchboard/knowledge';
import { randomUUID } from 'node:crypto';
import { AutomatedKind, classifyAutomated } from './email-automation';
import { ParsedInboundEmail, bouncedMessageIds, parseInboundEmail } from './email-parser';
import { InboundEmailMetadata } from './email.adapter';
import { conversationIdFromMessageId, messageIdFromMessageId, parseRecipient } from './email-threading';
import { emailBotLimitKey } from './email-bot-limit-personal-data.service';

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
/** conversations.externalThreadId is a varchar(500). */
const MAX_THREAD_ID = 500;

/** What the sorting of one mail decided before it is stored. */
interface Routed {
  workspaceId: WorkspaceId;
  conversationId: string;
  contactId: string;
  mail: ParsedInboundEmail;
  automated: AutomatedKind | null;
}

/**
 * One inbound mail, from SMTP or the webhook: parse, route to its inbox, store it once per Message-ID in the
 * conversation of its thread, and let the worker answer it unless it is automatic mail or over the contact's limit.
 *
 * Concurrency: nothing holds a lock across the whole intake. A mail delivered twice at once resolves to one
 * conversation (a reply's thread is read from what is stored; a new thread is opened by
 * ConversationMessagesService.openThread, serialised per thread inside its own unit of work), and the messages'
 * unique (conversation, clientMessageId) index stores it once: the later delivery is told it is a duplicate. Each
 * step holds one pooled connection at a time, so no semaphore guards the pool.
 */
@Injectable()
export class EmailInboundService {
  private readonly logger = new Logger(EmailInboundService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inboxes: InboxesService,
    private readonly messages: ConversationMessagesService,
    private readonly rateLimiter: RateLimiter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  /** The e-mail inbox an address reaches: inbox.settings.address or `<publicKey>@EMAIL_DOMAIN`, with any +tag. */
  async routeRecipient(address: string): Promise<Inbox | null> {
    const parts = parseRecipient(address);
    if (!parts) return null;
    const ownDomain = parts.domain === this.config.email.domain.toLowerCase();
    return this.inboxes.findEmailInbox(parts.base, ownDomain ? parts.local : null);
  }

  /** Throws MalformedEmailError for a mail we refuse. */
  async receive(inbox: Inbox, raw: Buffer, envelope: InboundEnvelope): Promise<InboundOutcome> {
    const workspaceId = asWorkspaceId(inbox.workspaceId);
    const mail = await parseInboundEmail(raw);
    const automated = classifyAutomated(mail.headers, envelope.mailFrom);
    if (automated === 'bounce') return this.recordBounce(workspaceId, raw, mail);
    const earlier = await this.messages.findByClientMessageId(workspaceId, mail.messageId, { inboxId: inbox.id });
    if (earlier) return duplicate(earlier);
    const routed = await this.route(workspaceId, inbox, mail, envelope);
    return this.store({ ...routed, automated });
  }

  /** The sender's contact and the conversation of the mail's thread, opened when it starts one. */
  private async route(
    workspaceId: WorkspaceId,
    inbox: Inbox,
    mail: ParsedInboundEmail,
    envelope: InboundEnvelope,
  ): Promise<Omit<Routed, 'automated'>> {
    const visitor = { inboxId: inbox.id, sourceId: mail.from.address, name: mail.from.name, email: mail.from.address };
    const { contact } = await this.messages.findOrCreateContact(workspaceId, visitor);
    const recipients = [...envelope.recipients, ...mail.recipients];
    const conversationId =
      (await this.threadOf(workspaceId, inbox.id, contact.id, mail, recipients)) ??
      (await this.openThread(workspaceId, visitor, mail));
    return { workspaceId, conversationId, contactId: contact.id, mail };
  }

  private async store({ workspaceId, conversationId, contactId, mail, automated }: Routed): Promise<InboundOutcome> {
    const limited = automated ? false : !(await this.withinBotLimit(contactId));
    const answerLater = !automated && !limited;
    const attachments = await this.storeAttachments(workspaceId, mail);
    const received = await this.messages.receiveCustomerMessage(workspaceId, conversationId, {
      content: mail.question,
      clientMessageId: mail.messageId,
      metadata: {
        email: emailMetadata(mail, automated, limited),
        ...(attachments.length > 0 ? { attachments } : {}),
      },
      answerLater,
    });
    if (received.duplicate) {
      // The same mail, delivered at once by another connection, was stored first: its blobs are the ones kept.
      await this.dropAttachments(workspaceId, attachments);
      return duplicate(received.message);
    }
    const answering = answerLater && received.botMayAnswer;
    return { status: 'stored', conversationId, messageId: received.message.id, answering, automated };
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
    const candidate = async (id: string | null | undefined): Promise<string | null> =>
      id ? ((await this.messages.findConversation(workspaceId, { id, inboxId, contactId }))?.id ?? null) : null;
    const quoted = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
    for (const id of quoted) {
      const byToken = await candidate(conversationIdFromMessageId(id));
      if (byToken) return byToken;
      const earlier = await this.messages.findByClientMessageId(workspaceId, id, { inboxId });
      const byEarlier = await candidate(earlier?.conversationId);
      if (byEarlier) return byEarlier;
      const root = await this.messages.findConversation(workspaceId, { inboxId, contactId, externalThreadId: id });
      if (root) return root.id;
    }
    for (const address of recipients) {
      const byAddress = await candidate(parseRecipient(address)?.conversationId);
      if (byAddress) return byAddress;
    }
    return null;
  }

  /** A new thread, keyed on its root Message-ID: the same mail delivered twice at once opens it once. */
  private async openThread(
    workspaceId: WorkspaceId,
    visitor: VisitorIdentity,
    mail: ParsedInboundEmail,
  ): Promise<string> {
    const root = (mail.references[0] ?? mail.messageId).slice(0, MAX_THREAD_ID);
    return (await this.messages.openThread(workspaceId, visitor, root, 'contact')).id;
  }

  /** EMAIL_BOT_ANSWERS_PER_HOUR per contact: past it, mail is stored for an agent without an automatic answer. */
  private async withinBotLimit(contactId: string): Promise<boolean> {
    const decision = await this.rateLimiter.hit(
      emailBotLimitKey(contactId),
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
        await this.blobs.put(this.blobKey(workspaceId, blobKey), attachment.content);
        entry.blobKey = blobKey;
      }
      stored.push(entry);
    }
    return stored;
  }

  private async dropAttachments(workspaceId: WorkspaceId, attachments: StoredAttachment[]): Promise<void> {
    for (const { blobKey } of attachments) {
      if (blobKey) await this.blobs.delete(this.blobKey(workspaceId, blobKey));
    }
  }

  private blobKey(workspaceId: WorkspaceId, documentId: string): BlobKey {
    return { workspaceId, sourceId: EMAIL_ATTACHMENT_SOURCE, documentId };
  }

  /** A delivery-status report: the outgoing messages it names are marked failed (undeliverable), nothing is answered. */
  private async recordBounce(workspaceId: WorkspaceId, raw: Buffer, mail: ParsedInboundEmail): Promise<InboundOutcome> {
    const ids = bouncedMessageIds(raw, mail)
      .map(messageIdFromMessageId)
      .filter((id): id is string => id !== null && isUuid(id));
    let undeliverable = 0;
    for (const id of new Set(ids)) {
      if (await this.messages.markUndeliverable(workspaceId, id, mail.messageId)) undeliverable++;
    }
    this.logger.log(`bounce ${mail.messageId}: ${undeliverable} message(s) marked undeliverable`);
    return { status: 'bounce', undeliverable };
  }
}

function duplicate(message: Pick<Message, 'id' | 'conversationId'>): InboundOutcome {
  return { status: 'duplicate', conversationId: message.conversationId, messageId: message.id };
}

/** The headers replies thread on (InboundEmailMetadata), and why the mail is not answered, if it is not. */
function emailMetadata(
  mail: ParsedInboundEmail,
  automated: AutomatedKind | null,
  limited: boolean,
): InboundEmailMetadata & Record<string, unknown> {
  const inReplyTo = mail.inReplyTo && !mail.references.includes(mail.inReplyTo) ? [mail.inReplyTo] : [];
  return {
    messageId: mail.messageId,
    references: [...mail.references, ...inReplyTo],
    subject: mail.subject,
    replyTo: mail.replyTo,
    from: mail.from.address,
    ...(automated ? { automated } : {}),
    ...(limited ? { botLimited: true } : {}),
  };
}
