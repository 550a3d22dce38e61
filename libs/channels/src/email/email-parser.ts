import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { createHash } from 'node:crypto';
import { htmlToText, stripQuotedText } from './email-content';

/** A mail we refuse: SMTP answers 550 with this message, the webhook 400. */
export class MalformedEmailError extends Error {
  constructor(reason: string) {
    super(`Malformed message: ${reason}`);
    this.name = 'MalformedEmailError';
  }
}

export interface ParsedAttachment {
  name: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface ParsedInboundEmail {
  /** The Message-ID, or a content hash when the sender set none (so a redelivery is still recognised). */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: { address: string; name: string | null };
  /** Where replies go: Reply-To, else From. */
  replyTo: string;
  /** Every recipient the headers name (To, Cc, Delivered-To, X-Original-To), for routing without an envelope. */
  recipients: string[];
  /** The customer's new words: quoted earlier messages and signatures stripped. */
  question: string;
  /** Raw header values, names lower-cased, the first of each. */
  headers: Map<string, string>;
  attachments: ParsedAttachment[];
}

const MESSAGE_ID = /<[^<>\s]+>/g;

const addressesOf = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((object) =>
    object.value.flatMap((entry) => [entry.address ?? '', ...(entry.group ?? []).map((g) => g.address ?? '')]),
  );

/** Header values as the sender wrote them, unfolded. */
function rawHeaders(mail: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of mail.headerLines) {
    const name = key.toLowerCase();
    if (headers.has(name)) continue;
    headers.set(
      name,
      line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
  }
  return headers;
}

/** Structural checks mailparser is too lenient for: a header block, a parseable multipart. */
function checkStructure(raw: Buffer): void {
  if (raw.length === 0) throw new MalformedEmailError('empty message');
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(firstLine)) throw new MalformedEmailError('no RFC 5322 header block');
  const separator = /\r?\n\r?\n/.exec(head);
  const headerBlock = separator ? head.slice(0, separator.index) : head;
  const contentType = /^content-type:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(headerBlock)?.[1] ?? '';
  if (/^\s*multipart\//i.test(contentType)) {
    const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const value = boundary?.[1] ?? boundary?.[2];
    if (!value) throw new MalformedEmailError('multipart message without a boundary');
    if (!raw.includes(`--${value}`)) throw new MalformedEmailError(`multipart boundary "${value}" never occurs`);
  }
}

export async function parseInboundEmail(raw: Buffer): Promise<ParsedInboundEmail> {
  checkStructure(raw);
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    throw new MalformedEmailError(error instanceof Error ? error.message : String(error));
  }
  const sender = mail.from?.value[0];
  if (!sender?.address || !sender.address.includes('@')) throw new MalformedEmailError('no From address');
  const headers = rawHeaders(mail);
  const references = (Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])
    .flatMap((value) => value.match(MESSAGE_ID) ?? [])
    .slice(-50);
  const inReplyTo = mail.inReplyTo?.match(MESSAGE_ID)?.[0] ?? null;
  const ownId = mail.messageId?.match(MESSAGE_ID)?.[0];
  const messageId =
    ownId && ownId.length <= 200 ? ownId : `<sha256.${createHash('sha256').update(raw).digest('hex')}@switchboard>`;
  const body = mail.text?.trim() ? mail.text : mail.html ? htmlToText(mail.html) : '';
  const subject = (mail.subject ?? '').trim();
  const recipients = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...['delivered-to', 'x-original-to'].flatMap((name) => headers.get(name)?.match(/[^\s<>,;"]+@[^\s<>,;"]+/g) ?? []),
  ].filter(Boolean);
  return {
    messageId,
    inReplyTo,
    references,
    subject,
    from: { address: sender.address.toLowerCase(), name: sender.name || null },
    replyTo: (mail.replyTo?.value[0]?.address ?? sender.address).toLowerCase(),
    recipients,
    question: stripQuotedText(body) || subject,
    headers,
    attachments: mail.attachments
      .filter((attachment) => !attachment.related)
      .map((attachment) => ({
        name: attachment.filename ?? 'attachment',
        contentType: attachment.contentType,
        size: attachment.size,
        content: attachment.content,
      })),
  };
}

/** The Message-IDs a bounce names: those of the returned original (its headers are in the report). */
export function bouncedMessageIds(raw: Buffer, parsed: ParsedInboundEmail): string[] {
  const text = raw.toString('latin1');
  const original = [...text.matchAll(/^Message-ID:[ \t]*(<[^<>\s]+>)/gim)].map((match) => match[1]);
  return [...new Set([...original, ...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...parsed.references])].filter(
    (id) => id !== parsed.messageId,
  );
}
