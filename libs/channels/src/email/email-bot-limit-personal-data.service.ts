import { Injectable } from '@nestjs/common';
import { RateLimiter } from '@switchboard/auth';
import type { ContactScope, ErasureCounts } from '@switchboard/database';

/** The Redis counter of the bot's automatic e-mail answers to one contact (EMAIL_BOT_ANSWERS_PER_HOUR). */
export function emailBotLimitKey(contactId: string): string {
  return `email-bot:${contactId}`;
}

/**
 * The e-mail bot's per-contact answer counter names the contact in its Redis key: erasure drops it (it would expire
 * within the hour anyway). Nothing in it is worth an export.
 */
@Injectable()
export class EmailBotLimitPersonalDataService {
  constructor(private readonly rateLimiter: RateLimiter) {}

  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    await this.rateLimiter.reset(emailBotLimitKey(scope.contactId));
    return {};
  }
}
