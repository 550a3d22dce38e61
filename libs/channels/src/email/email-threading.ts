import type { Inbox } from '@switchboard/database';

/** The conversation token carried by our Message-IDs and reply addresses: the conversation id without dashes. */
export function conversationToken(conversationId: string): string {
  return conversationId.replace(/-/g, '').toLowerCase();
}

/** The conversation id a token stands for, or null when it is not one. */
export function conversationIdFromToken(token: string): string | null {
  const hex = token.toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `<sb.<messageId>.<token>@domain>`: a reply quoting it finds its conversation even when nothing else matches. */
export function outboundMessageId(messageId: string, conversationId: string, domain: string): string {
  return `<sb.${messageId}.${conversationToken(conversationId)}@${domain}>`;
}

/** The conversation id inside one of our Message-IDs, whatever the domain; null for any other id. */
export function conversationIdFromMessageId(messageId: string): string | null {
  const match = /^<?sb\.[0-9a-f-]{36}\.([0-9a-f]{32})@[^>\s]+>?$/i.exec(messageId.trim());
  return match?.[1] ? conversationIdFromToken(match[1]) : null;
}

/** The message id inside one of our Message-IDs (a bounce names it). */
export function messageIdFromMessageId(messageId: string): string | null {
  const match = /^<?sb\.([0-9a-f-]{36})\.[0-9a-f]{32}@[^>\s]+>?$/i.exec(messageId.trim());
  return match?.[1] ?? null;
}

/** The address customers write to: inbox.settings.address, else `<publicKey>@<domain>`. */
export function inboxAddress(inbox: Pick<Inbox, 'settings' | 'publicKey'>, domain: string): string {
  const address = inbox.settings.address;
  return typeof address === 'string' && address.includes('@') ? address : `${inbox.publicKey}@${domain}`;
}

export interface RecipientParts {
  /** The address without its +tag, domain lower-cased. */
  base: string;
  local: string;
  domain: string;
  /** The conversation id of a `+c<token>` tag. */
  conversationId: string | null;
}

/** Splits `support+c<token>@Acme.example` into its routing parts. */
export function parseRecipient(address: string): RecipientParts | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const fullLocal = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  const plus = fullLocal.indexOf('+');
  const local = plus >= 0 ? fullLocal.slice(0, plus) : fullLocal;
  const tag = plus >= 0 ? fullLocal.slice(plus + 1) : '';
  const conversationId = tag.startsWith('c') ? conversationIdFromToken(tag.slice(1)) : null;
  return { base: `${local}@${domain}`, local, domain, conversationId };
}

/** `support+c<token>@domain`: replies reach this conversation even from clients that drop In-Reply-To. */
export function replyAddress(address: string, conversationId: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+c${conversationToken(conversationId)}${address.slice(at)}`;
}

/** `Re: <subject>`, without stacking prefixes. */
export function replySubject(subject: string | null | undefined): string {
  const trimmed = (subject ?? '').trim();
  if (!trimmed) return 'Re: your message';
  return /^(re|aw|sv|antw)\s*:/i.test(trimmed) ? trimmed : `Re: ${trimmed}`;
}

/** The References of a reply: the parent's References then its Message-ID, capped so headers stay short. */
export function replyReferences(parentReferences: readonly string[], parentMessageId: string | null): string[] {
  const all = [...parentReferences, ...(parentMessageId ? [parentMessageId] : [])];
  const unique = all.filter((id, index) => all.indexOf(id) === index);
  // Keep the root and the most recent ones, as RFC 5322 suggests for long threads.
  return unique.length > 20 ? [unique[0], ...unique.slice(-19)] : unique;
}
