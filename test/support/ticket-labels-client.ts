import type { TicketView } from '@switchboard/contracts';
import { ConversationMessagesService } from '@switchboard/conversations';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { TicketsService } from '@switchboard/handoff';
import request from 'supertest';
import { TestApi } from './test-api';

export interface LabelsWorkspace {
  id: WorkspaceId;
  key: string;
  inboxId: string;
}

export interface SignedInAgent {
  id: string;
  email: string;
  token: string;
}

export const AGENT_PASSWORD = 'correct horse battery staple';

/** Workspaces, agents and tickets for the ticket label specs, over the admin API and the services the widget uses. */
export class TicketLabelsClient {
  private sequence = 0;

  constructor(private readonly api: TestApi) {}

  async workspace(settings: Record<string, unknown> = {}): Promise<LabelsWorkspace> {
    const created = await request(this.api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${this.api.config.adminToken}`)
      .send({ name: `Labels ${++this.sequence}` })
      .expect(201);
    const key = created.body.apiKey.key as string;
    if (Object.keys(settings).length > 0) {
      await request(this.api.url)
        .patch('/v1/workspace/settings')
        .set('Authorization', `Bearer ${key}`)
        .send(settings)
        .expect(200);
    }
    const inbox = await request(this.api.url)
      .post('/v1/inboxes')
      .set('Authorization', `Bearer ${key}`)
      .send({ name: 'Website', channel: 'widget' })
      .expect(201);
    return { id: asWorkspaceId(created.body.workspace.id), key, inboxId: inbox.body.inbox.id };
  }

  /** An agent who signed in to the console, and so is online and present for round-robin. */
  async agent(workspace: LabelsWorkspace): Promise<SignedInAgent> {
    const email = `labels${++this.sequence}@labels.test`;
    const created = await request(this.api.url)
      .post('/v1/agents')
      .set('Authorization', `Bearer ${workspace.key}`)
      .send({ email, name: `Agent ${this.sequence}`, role: 'agent', password: AGENT_PASSWORD })
      .expect(201);
    const session = await request(this.api.url)
      .post('/v1/console/login')
      .send({ email, password: AGENT_PASSWORD })
      .expect(200);
    return { id: created.body.id as string, email, token: session.body.token as string };
  }

  /** A widget conversation with the customer's message, handed to people; returns the ticket as the console shows it. */
  async ticket(workspace: LabelsWorkspace, agent: SignedInAgent, text: string): Promise<TicketView> {
    const messages = this.api.app.get(ConversationMessagesService);
    const visitor = `visitor-${++this.sequence}`;
    const { conversation } = await messages.openConversation(workspace.id, {
      inboxId: workspace.inboxId,
      sourceId: visitor,
      name: `Customer ${this.sequence}`,
    });
    await messages.receiveCustomerMessage(workspace.id, conversation.id, { content: text, clientMessageId: visitor });
    const { ticket } = await this.api.app
      .get(TicketsService)
      .openTicket(workspace.id, conversation.id, { reason: 'customer_asked' });
    return (await this.console(agent).get(`tickets/${ticket.id}`).expect(200)).body.ticket as TicketView;
  }

  console(agent: SignedInAgent) {
    const url = this.api.url;
    return {
      get: (path: string) => request(url).get(`/v1/console/${path}`).set('Authorization', `Bearer ${agent.token}`),
      patch: (path: string, body: object) =>
        request(url).patch(`/v1/console/${path}`).set('Authorization', `Bearer ${agent.token}`).send(body),
    };
  }

  admin(workspace: LabelsWorkspace) {
    const url = this.api.url;
    return {
      get: (path: string) => request(url).get(path).set('Authorization', `Bearer ${workspace.key}`),
      post: (path: string, body: object) =>
        request(url).post(path).set('Authorization', `Bearer ${workspace.key}`).send(body),
      patch: (path: string, body: object) =>
        request(url).patch(path).set('Authorization', `Bearer ${workspace.key}`).send(body),
      delete: (path: string) => request(url).delete(path).set('Authorization', `Bearer ${workspace.key}`),
    };
  }
}
