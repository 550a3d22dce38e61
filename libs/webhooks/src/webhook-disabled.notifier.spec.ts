import { EventEmitter2 } from '@nestjs/event-emitter';
import type { AgentsService } from '@switchboard/auth';
import type { StaffMail, StaffMailer } from '@switchboard/channels';
import type { AppConfig } from '@switchboard/config';
import { asWorkspaceId } from '@switchboard/database';
import { WebhookDisabledNotifier } from './webhook-disabled.notifier';
import { WEBHOOK_ENDPOINT_DISABLED, WebhookEndpointDisabledEvent } from './webhook.events';

const WORKSPACE = asWorkspaceId('3f0c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b');
const DISABLED: WebhookEndpointDisabledEvent = {
  name: WEBHOOK_ENDPOINT_DISABLED,
  workspaceId: WORKSPACE,
  endpointId: 'w-1',
  url: 'https://crm.example.com/hooks',
  description: 'CRM',
  reason: '20 failed attempts in a row since 2026-12-05T12:00:00.000Z, the last: HTTP 500',
  at: new Date('2026-12-06T12:00:00Z'),
};

describe('WebhookDisabledNotifier', () => {
  const agents = {
    list: async () => [
      { email: 'ada@northwind.example', role: 'admin' },
      { email: 'max@northwind.example', role: 'agent' },
      { email: 'grace@northwind.example', role: 'admin' },
    ],
  } as unknown as AgentsService;
  const config = { http: { publicUrl: 'https://support.northwind.example' } } as AppConfig;

  async function notified(mailer: Partial<StaffMailer>): Promise<void> {
    const events = new EventEmitter2();
    const notifier = new WebhookDisabledNotifier(events, agents, mailer as StaffMailer, config);
    notifier.onModuleInit();
    events.emit(WEBHOOK_ENDPOINT_DISABLED, DISABLED);
    await notifier.onModuleDestroy();
  }

  it("mails the workspace's admins, and only them, the reason and the console's Webhooks page", async () => {
    const sent: StaffMail[] = [];
    await notified({ configured: true, send: async (mail) => Boolean(sent.push(mail)) });

    expect(sent).toHaveLength(1);
    expect(sent[0].to).toEqual(['ada@northwind.example', 'grace@northwind.example']);
    expect(sent[0].subject).toBe('Webhook disabled: CRM');
    expect(sent[0].text).toContain(`Why: ${DISABLED.reason}`);
    expect(sent[0].text).toContain('https://support.northwind.example/console#/webhooks');
  });

  it('sends nothing without an outbound relay, and a failing relay is logged, never thrown', async () => {
    const sent: StaffMail[] = [];
    await notified({ configured: false, send: async (mail) => Boolean(sent.push(mail)) });
    expect(sent).toEqual([]);

    await expect(
      notified({
        configured: true,
        send: async () => {
          throw new Error('connect ECONNREFUSED');
        },
      }),
    ).resolves.toBeUndefined();
  });
});
