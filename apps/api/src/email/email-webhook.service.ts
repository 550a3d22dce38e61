import { Inject, Injectable, Logger } from '@nestjs/common';
import { secretsEqual } from '@switchboard/auth';
import { EmailInboundService, InboundOutcome, MalformedEmailError } from '@switchboard/channels';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { InboxesService } from '@switchboard/conversations';
import { Readable } from 'node:stream';
import { RawBodyTooLargeError, readRawBody } from '../http/raw-body';

export class WebhookUnauthorizedError extends Error {
  constructor() {
    super('Unknown inbox or wrong webhook secret');
    this.name = 'WebhookUnauthorizedError';
  }
}

/** The webhook's use case: authenticate the inbox by its secret, read the bounded body, receive the mail. */
@Injectable()
export class EmailWebhookService {
  private readonly logger = new Logger(EmailWebhookService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inboxes: InboxesService,
    private readonly inbound: EmailInboundService,
  ) {}

  /** `request` is the HTTP request: its stream, or its body when a parser already read it (text/plain). */
  async deliver(
    inboxKey: string,
    authorization: string | undefined,
    request: Readable & { body?: unknown },
  ): Promise<InboundOutcome> {
    const inbox = /^[A-Za-z0-9_-]{1,64}$/.test(inboxKey)
      ? await this.inboxes.findByPublicKeyWithSecrets('email', inboxKey)
      : null;
    const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
    const expected = inbox?.secrets.webhookSecret;
    if (!inbox || !expected || !given || !secretsEqual(given, expected)) throw new WebhookUnauthorizedError();
    const limit = this.config.email.maxMessageBytes;
    const parsed = request.body;
    const raw =
      Buffer.isBuffer(parsed) || typeof parsed === 'string' ? Buffer.from(parsed) : await readRawBody(request, limit);
    if (raw.length > limit) throw new RawBodyTooLargeError(limit);
    try {
      return await this.inbound.receive(inbox, raw, { recipients: [] });
    } catch (error) {
      if (error instanceof MalformedEmailError) this.logger.warn(`webhook ${inboxKey} refused: ${error.message}`);
      throw error;
    }
  }
}
