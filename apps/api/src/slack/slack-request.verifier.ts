import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InboxesService } from '@switchboard/conversations';
import type { Inbox } from '@switchboard/database';
import { checkSlackSignature } from './slack-signature';

/** A request from Slack as the controller received it: the raw body is what Slack signed. */
export interface SlackRequest {
  inboxKey: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer | undefined;
}

/** Authenticates Slack's requests to one Slack inbox (its public key in the path) by the inbox's signing secret. */
@Injectable()
export class SlackRequestVerifier {
  private readonly logger = new Logger(SlackRequestVerifier.name);

  constructor(private readonly inboxes: InboxesService) {}

  /** The inbox behind the URL, with its secrets, if the request carries its signing secret's signature; 401 otherwise. */
  async verify(request: SlackRequest): Promise<Inbox> {
    const inbox = await this.inboxes.findByPublicKeyWithSecrets('slack', request.inboxKey);
    const signingSecret = inbox?.secrets.signingSecret;
    const check = signingSecret
      ? checkSlackSignature({
          signingSecret,
          timestamp: request.timestamp,
          signature: request.signature,
          rawBody: request.rawBody,
        })
      : 'missing';
    if (!inbox || check !== 'valid') {
      this.logger.warn(`slack request refused for inbox ${request.inboxKey}: ${check}`);
      throw new UnauthorizedException('Invalid Slack signature');
    }
    return inbox;
  }
}
