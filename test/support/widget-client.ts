import { getDataSourceToken } from '@nestjs/typeorm';
import { Agent, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from './eventually';
import { LiveStream, openLiveStream } from './sse';
import { TestApi } from './test-api';

/** A workspace with its API key, made with the admin token. */
export async function createWorkspace(
  api: TestApi,
  name: string,
  settings: Record<string, unknown> = {},
): Promise<{ id: WorkspaceId; auth: string }> {
  const created = await request(api.url)
    .post('/v1/workspaces')
    .set('Authorization', `Bearer ${api.config.adminToken}`)
    .send({ name, settings })
    .expect(201);
  return { id: asWorkspaceId(created.body.workspace.id), auth: `Bearer ${created.body.apiKey.key}` };
}

export async function createWidgetInbox(
  api: TestApi,
  auth: string,
  settings: Record<string, unknown> = {},
): Promise<{ id: string; publicKey: string; identitySecret: string }> {
  const created = await request(api.url)
    .post('/v1/inboxes')
    .set('Authorization', auth)
    .send({ name: 'Website chat', channel: 'widget', settings })
    .expect(201);
  return {
    id: created.body.inbox.id,
    publicKey: created.body.inbox.publicKey,
    identitySecret: created.body.identitySecret,
  };
}

/** Public help articles, indexed by the worker before this resolves. */
export async function addKnowledge(
  api: TestApi,
  auth: string,
  documents: Array<{ id: string; title: string; text: string; url?: string }>,
): Promise<void> {
  const source = await request(api.url)
    .post('/v1/knowledge/sources')
    .set('Authorization', auth)
    .send({ name: 'Help centre', type: 'text', visibility: 'public' })
    .expect(201);
  for (const document of documents) {
    const accepted = await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/documents`)
      .set('Authorization', auth)
      .send(document)
      .expect(202);
    await eventually(
      async () =>
        (
          await request(api.url)
            .get(`/v1/knowledge/sources/${source.body.id}/syncs/${accepted.body.sync.id}`)
            .set('Authorization', auth)
        ).body.status === 'completed',
      { what: `${document.title} to be indexed` },
    );
  }
}

/** An agent of the workspace, online (as if a console tab were open) unless told otherwise. */
export async function createAgent(
  api: TestApi,
  auth: string,
  name: string,
  availability: Agent['availability'] = 'online',
): Promise<Agent> {
  const created = await request(api.url)
    .post('/v1/agents')
    .set('Authorization', auth)
    .send({
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`,
      role: 'agent',
      password: 'a long enough password',
    })
    .expect(201);
  const dataSource = api.app.get<DataSource>(getDataSourceToken());
  // A console tab would keep lastSeenAt fresh; the test stands in for it for longer than any test runs.
  const lastSeenAt = new Date(Date.now() + 30 * 60 * 1000);
  await dataSource.getRepository(Agent).update({ id: created.body.id }, { availability, lastSeenAt });
  return { ...created.body, availability } as Agent;
}

/** A browser tab running the widget of one inbox: session token, calls and the live stream. */
export class WidgetVisitorClient {
  token = '';
  conversationId = '';

  constructor(
    private readonly api: TestApi,
    readonly inboxKey: string,
    private readonly origin?: string,
  ) {}

  url(path: string): string {
    return `/v1/widget/${this.inboxKey}/${path}`;
  }

  /** POST session; on 200 keeps the token and conversation. */
  async session(body: Record<string, unknown> = {}, expected = 200): Promise<request.Response> {
    const response = await this.with(request(this.api.url).post(this.url('session')))
      .send(body)
      .expect(expected);
    if (response.status === 200) {
      this.token = response.body.visitorToken;
      this.conversationId = response.body.conversationId;
    }
    return response;
  }

  post(path: string, body: Record<string, unknown> = {}): request.Test {
    return this.with(request(this.api.url).post(this.url(path)))
      .set('Authorization', `Bearer ${this.token}`)
      .send(body);
  }

  get(path: string): request.Test {
    return this.with(request(this.api.url).get(this.url(path))).set('Authorization', `Bearer ${this.token}`);
  }

  send(content: string, clientMessageId = `c-${Math.random().toString(36).slice(2)}`): request.Test {
    return this.post('messages', { clientMessageId, content });
  }

  /** Sends a message and waits for the bot's reply to it (the stored message that answers it). */
  async ask<Shown extends { replyTo: string | null }>(content: string): Promise<Shown> {
    const sent = await this.send(content).expect(202);
    let reply: Shown | undefined;
    await eventually(
      async () => {
        const shown = await this.get('messages').expect(200);
        reply = (shown.body.messages as Shown[]).find((message) => message.replyTo === sent.body.message.id);
        return reply !== undefined;
      },
      { what: `the bot's reply to "${content}"` },
    );
    return reply!;
  }

  events(): Promise<LiveStream> {
    return openLiveStream(
      `${this.api.url}${this.url('events')}?token=${encodeURIComponent(this.token)}`,
      this.origin ? { Origin: this.origin } : {},
    );
  }

  private with(test: request.Test): request.Test {
    return this.origin ? test.set('Origin', this.origin) : test;
  }
}
