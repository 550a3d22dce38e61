import request from 'supertest';
import type { TestApi } from './test-api';

/** A plain-text e-mail as a mail provider forwards it (RFC 822, CRLF line ends). */
export function plainTextEmail(mail: {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  body: string;
}): string {
  return [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Message-ID: <${mail.messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    mail.body,
    '',
  ].join('\r\n');
}

/** Hands a raw e-mail to the inbox's inbound webhook, as the provider would; expects it accepted (202). */
export async function postInboundEmail(
  api: TestApi,
  inbox: { publicKey: string; webhookSecret: string },
  raw: string,
): Promise<void> {
  await request(api.url)
    .post(`/v1/email/${inbox.publicKey}/inbound`)
    .set('Authorization', `Bearer ${inbox.webhookSecret}`)
    .set('Content-Type', 'message/rfc822')
    .send(raw)
    .expect(202);
}
