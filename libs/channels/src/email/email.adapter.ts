import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { ConversationMessagesService } from '@switchboard/conversations';
import type { Inbox, Message } from '@switchboard/database';
import { answerMetadataOf, detailsOf } from '@switchboard/database';
import { createTransport } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { ChannelAdapter, ChannelCapabilities, ChannelSendContext, ChannelSendResult } from '../channel-adapter';
import { citationsOf, renderEmailBody } from './email-rendering';
import { inboxAddress, outboundMessageId, replyAddress, replyReferences, replySubject } from './email-threading';

/** What the inbound side stores in an incoming message's metadata.email, so replies can thread on it. */
export interface InboundEmailMetadata {
  messageId: string;
  references: string[];
  subject: string;
  /** Where replies go: the Reply-To of the customer's mail, else its From. */
  replyTo: string;
}

export class EmailNotConfiguredError extends Error {
  constructor(readonly inboxId: string) {
    super(`E-mail inbox ${inboxId} has no outbound SMTP settings and SMTP_OUTBOUND_URL is unset`);
    this.name = 'EmailNotConfiguredError';
  }
}

export class NoEmailRecipientError extends Error {
  constructor(readonly conversationId: string) {
    super(`Conversation ${conversationId} has no customer e-mail address to reply to`);
    this.name = 'NoEmailRecipientError';
  }

  /** There is nobody to send to: retrying cannot help. */
  get permanent(): boolean {
    return true;
  }
}

const ACKNOWLEDGEMENT_KINDS = new Set(['handoff', 'offline']);

/**
 * E-mail through SMTP: one reply per message, threaded on the customer's last mail (In-Reply-To, References,
 * `Re:` subject), with a Message-ID and Reply-To that carry the conversation token.
 */
@Injectable()
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly capabilities: ChannelCapabilities = {
    streaming: false,
    threads: true,
    richButtons: false,
    typingIndicator: false,
    realtime: false,
    internalKnowledge: false,
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: ConversationMessagesService,
  ) {}

  async send({ workspaceId, inbox, conversation, message }: ChannelSendContext): Promise<ChannelSendResult> {
    const parent = await this.parentOf(message);
    const contact = await this.messages.findContact(workspaceId, conversation.contactId);
    const to = parent?.replyTo ?? contact?.email;
    if (!to) throw new NoEmailRecipientError(conversation.id);
    const address = inboxAddress(inbox, this.config.email.domain);
    const fromName = typeof inbox.settings.fromName === 'string' ? inbox.settings.fromName : inbox.name;
    const acknowledgement = inbox.settings.acknowledgement;
    const content =
      ACKNOWLEDGEMENT_KINDS.has(message.kind) && typeof acknowledgement === 'string' && acknowledgement
        ? acknowledgement
        : message.content;
    const body = renderEmailBody(content, citationsOf(answerMetadataOf(message) ?? {}));
    const messageId = outboundMessageId(message.id, conversation.id, this.config.email.domain);
    const references = replyReferences(parent?.references ?? [], parent?.messageId ?? conversation.externalThreadId);
    const transport = createTransport(this.transportOptions(inbox));
    try {
      await transport.sendMail({
        from: { name: fromName, address },
        to,
        replyTo: replyAddress(address, conversation.id),
        subject: replySubject(parent?.subject),
        messageId,
        ...(parent ? { inReplyTo: parent.messageId } : {}),
        ...(references.length > 0 ? { references } : {}),
        // RFC 3834: a bot's mail is automatic, so well-behaved auto-responders do not answer it.
        ...(message.author === 'bot' ? { headers: { 'Auto-Submitted': 'auto-replied' } } : {}),
        text: body.text,
        html: body.html,
      });
    } catch (error) {
      throw smtpFailure(error);
    } finally {
      transport.close();
    }
    return { externalId: messageId };
  }

  /** The customer mail this message answers: the one a bot answer names, else the latest in the conversation. */
  private async parentOf(message: Message): Promise<InboundEmailMetadata | null> {
    const { workspaceId } = message;
    const named = message.replyToMessageId
      ? await this.messages.findMessage(workspaceId, message.replyToMessageId, {
          conversationId: message.conversationId,
          includePrivate: true,
        })
      : null;
    const parent =
      named && emailOf(named)
        ? named
        : await this.messages.latestIncomingWith(workspaceId, message.conversationId, 'email', message.createdAt);
    return parent ? emailOf(parent) : null;
  }

  private transportOptions(inbox: Inbox): SMTPTransport.Options | string {
    const smtp = inbox.settings.smtp as
      { host?: unknown; port?: unknown; secure?: unknown; user?: unknown } | undefined;
    if (smtp && typeof smtp.host === 'string') {
      const user = typeof smtp.user === 'string' ? smtp.user : undefined;
      const pass = inbox.secrets.smtpPassword;
      return {
        host: smtp.host,
        port: typeof smtp.port === 'number' ? smtp.port : 587,
        secure: smtp.secure === true,
        ...(user && pass ? { auth: { user, pass } } : {}),
        connectionTimeout: 15_000,
        socketTimeout: 30_000,
      };
    }
    if (!this.config.email.outboundUrl) throw new EmailNotConfiguredError(inbox.id);
    return this.config.email.outboundUrl;
  }
}

function emailOf(message: Message): InboundEmailMetadata | null {
  const details = detailsOf(message);
  const email = (details.kind === 'message' ? details.metadata.email : undefined) as
    Partial<InboundEmailMetadata> | undefined;
  if (!email || typeof email.messageId !== 'string' || typeof email.replyTo !== 'string') return null;
  return {
    messageId: email.messageId,
    references: Array.isArray(email.references) ? email.references.filter((r) => typeof r === 'string') : [],
    subject: typeof email.subject === 'string' ? email.subject : '',
    replyTo: email.replyTo,
  };
}

/**
 * A 5xx SMTP reply (mailbox unknown, message refused) will be refused again: the outbound job fails at once. A 4xx
 * or a connection error stays retryable.
 */
function smtpFailure(error: unknown): unknown {
  const code = typeof error === 'object' && error !== null ? (error as { responseCode?: unknown }).responseCode : null;
  if (typeof code === 'number' && code >= 500 && code < 600 && error instanceof Error) {
    return Object.assign(error, { permanent: true });
  }
  return error;
}
