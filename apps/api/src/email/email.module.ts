import { Module } from '@nestjs/common';
import { AuthModule } from '@switchboard/auth';
import { ConversationsModule } from '@switchboard/conversations';
import { KnowledgeModule } from '@switchboard/knowledge';
import { EmailInboundService } from './email-inbound.service';
import { EmailWebhookController } from './email-webhook.controller';
import { EmailWebhookService } from './email-webhook.service';
import { SmtpListenerService } from './smtp-listener.service';

/** Inbound e-mail: the SMTP listener and the provider webhook. Outbound mail is the EmailAdapter's (libs/channels). */
@Module({
  imports: [ConversationsModule, AuthModule, KnowledgeModule],
  controllers: [EmailWebhookController],
  providers: [EmailInboundService, EmailWebhookService, SmtpListenerService],
  exports: [SmtpListenerService],
})
export class EmailModule {}
