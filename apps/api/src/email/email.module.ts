import { Module } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { EmailInboundService } from '@switchboard/channels';
import { ConversationsModule } from '@switchboard/conversations';
import { KnowledgeModule } from '@switchboard/knowledge';
import { EmailWebhookController } from './email-webhook.controller';
import { EmailWebhookService } from './email-webhook.service';
import { SmtpListenerService } from './smtp-listener.service';

/**
 * Inbound e-mail over SMTP and the provider webhook: the listener and the HTTP side live here; what becomes of a mail
 * is EmailInboundService's, beside the EmailAdapter that answers it (libs/channels/src/email).
 */
@Module({
  imports: [ConversationsModule, AuthModule, KnowledgeModule],
  controllers: [EmailWebhookController],
  providers: [EmailInboundService, EmailWebhookService, SmtpListenerService],
  exports: [SmtpListenerService],
})
export class EmailModule {}
