import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EmailInboundService, MalformedEmailError } from '@switchboard/channels';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import type { Inbox } from '@switchboard/database';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

const MAX_RECIPIENTS = 20;

interface SmtpReplyError extends Error {
  responseCode?: number;
}

const reply = (code: number, message: string): SmtpReplyError =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * The inbound SMTP listener for direct delivery or a relay, in the api process on HOST:SMTP_PORT (0 = off).
 * Recipients are checked at RCPT TO, so mail for unknown addresses is refused before its data is sent.
 */
@Injectable()
export class SmtpListenerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SmtpListenerService.name);
  private server: SMTPServer | null = null;
  /** The inbox of each accepted recipient, per session. */
  private readonly routes = new WeakMap<SMTPServerSession, Inbox>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbound: EmailInboundService,
  ) {}

  /** The bound port, once listening (SMTP_PORT may be a fixed port; tests read it here). */
  port(): number | null {
    const address = this.server?.server.address() as AddressInfo | null | undefined;
    return address?.port ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.email.smtpPort === 0) return;
    const server = new SMTPServer({
      name: this.config.email.domain,
      banner: 'Switchboard',
      // No credentials and no certificate here: a relay in front terminates TLS when one is needed.
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: this.config.email.maxMessageBytes,
      maxRecipients: MAX_RECIPIENTS,
      maxClients: 100,
      socketTimeout: 60_000,
      closeTimeout: 5_000,
      logger: false,
      onMailFrom: (_address, session, callback) => {
        // A new transaction on the same connection routes afresh.
        this.routes.delete(session);
        callback();
      },
      onRcptTo: (address, session, callback) => {
        this.inbound.routeRecipient(address.address).then(
          (inbox) => {
            const first = this.routes.get(session);
            if (!inbox) return callback(reply(550, `5.1.1 No mailbox here by that name: ${address.address}`));
            if (first && first.id !== inbox.id) return callback(reply(452, '4.5.3 One inbox per message, please'));
            this.routes.set(session, inbox);
            callback();
          },
          (error: unknown) => {
            this.logger.error(`RCPT TO ${address.address}: ${String(error)}`);
            callback(reply(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      },
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    server.on('error', (error: Error) => this.logger.error(`SMTP listener: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.config.email.smtpPort, this.config.http.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`SMTP listener on ${this.config.http.host}:${this.port()}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is read and dropped, so memory stays bounded.
      size += chunk.length;
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('error', (error: Error) => {
      this.logger.warn(`SMTP data from ${session.remoteAddress}: ${error.message}`);
      callback(reply(451, '4.3.0 Could not read the message'));
    });
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        return callback(
          reply(552, `5.3.4 Message of ${size} bytes exceeds ${this.config.email.maxMessageBytes} bytes`),
        );
      }
      const inbox = this.routes.get(session);
      if (!inbox) return callback(reply(554, '5.5.1 No valid recipients'));
      const envelope = {
        recipients: session.envelope.rcptTo.map((address) => address.address),
        mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      };
      this.inbound.receive(inbox, Buffer.concat(chunks), envelope).then(
        (outcome) => {
          this.routes.delete(session);
          callback(null, `2.0.0 Accepted (${outcome.status})`);
        },
        (error: unknown) => {
          this.routes.delete(session);
          if (error instanceof MalformedEmailError) {
            this.logger.warn(`SMTP from ${session.remoteAddress} refused: ${error.message}`);
            return callback(reply(550, `5.6.0 ${error.message}`));
          }
          this.logger.error(
            `SMTP from ${session.remoteAddress} failed: ${error instanceof Error ? error.stack : String(error)}`,
          );
          callback(reply(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    });
  }
}
