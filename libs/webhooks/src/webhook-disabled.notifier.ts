import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AgentsService } from '@switchboard/auth';
import { StaffMailer } from '@switchboard/channels';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WEBHOOK_ENDPOINT_DISABLED, WebhookEndpointDisabledEvent } from './webhook.events';

/**
 * Tells a workspace's admins by e-mail when Switchboard disables one of its webhook endpoints (the console shows
 * them a notice as well). Without SMTP_OUTBOUND_URL there is no mail: the console notice is the only word.
 */
@Injectable()
export class WebhookDisabledNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDisabledNotifier.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly onDisabled = (event: WebhookEndpointDisabledEvent): void => {
    const sending = this.notify(event).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  };

  constructor(
    private readonly events: EventEmitter2,
    private readonly agents: AgentsService,
    private readonly mailer: StaffMailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(WEBHOOK_ENDPOINT_DISABLED, this.onDisabled);
  }

  async onModuleDestroy(): Promise<void> {
    this.events.off(WEBHOOK_ENDPOINT_DISABLED, this.onDisabled);
    await Promise.allSettled([...this.inFlight]);
  }

  private async notify(event: WebhookEndpointDisabledEvent): Promise<void> {
    if (!this.mailer.configured) return;
    try {
      const admins = (await this.agents.list(event.workspaceId)).filter((agent) => agent.role === 'admin');
      await this.mailer.send({
        to: admins.map((admin) => admin.email),
        subject: `Webhook disabled: ${event.description || event.url}`,
        text: disabledMailText(event, `${this.config.http.publicUrl}/console#/webhooks`),
      });
    } catch (error) {
      this.logger.warn(
        { workspaceId: event.workspaceId, endpointId: event.endpointId, error: messageOf(error) },
        'admins not told of a disabled webhook by e-mail',
      );
    }
  }
}

function disabledMailText(event: WebhookEndpointDisabledEvent, consoleUrl: string): string {
  return [
    `Switchboard disabled the webhook endpoint ${event.url}${event.description ? ` (${event.description})` : ''}.`,
    '',
    `Why: ${event.reason}`,
    '',
    'Events are no longer sent to it, and deliveries still due were skipped. Once the receiver works again,',
    `enable the endpoint on the console's Webhooks page (${consoleUrl}); you can replay skipped deliveries there.`,
  ].join('\n');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
