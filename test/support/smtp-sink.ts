import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from './eventually';

export interface SunkMail {
  mailFrom: string;
  recipients: string[];
  raw: string;
  parsed: ParsedMail;
  /** A raw header value, unfolded ('' when absent). */
  header(name: string): string;
}

/** An SMTP server on loopback that keeps every message it is sent, for tests of outbound mail. */
export class SmtpSink {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    /** Every mail received, oldest first. */
    readonly mails: SunkMail[],
  ) {}

  static async start(): Promise<SmtpSink> {
    const mails: SunkMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (parsed) => {
              const text = raw.toString('utf8');
              const head = text.slice(0, text.search(/\r?\n\r?\n/));
              mails.push({
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                recipients: session.envelope.rcptTo.map((address) => address.address),
                raw: text,
                parsed,
                header: (name) =>
                  new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im')
                    .exec(head)?.[1]
                    ?.replace(/\r?\n[ \t]+/g, ' ')
                    .trim() ?? '',
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SmtpSink(server, (server.server.address() as AddressInfo).port, mails);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The first mail matching `predicate`, waiting for it. */
  next(predicate: (mail: SunkMail) => boolean, what = 'a mail'): Promise<SunkMail> {
    return eventually(() => this.mails.find(predicate), { what, timeoutMs: 60_000 });
  }

  to(address: string): SunkMail[] {
    return this.mails.filter((mail) => mail.recipients.includes(address));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
