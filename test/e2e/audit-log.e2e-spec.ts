import { getDataSourceToken } from '@nestjs/typeorm';
import type { AuditEventView } from '@switchboard/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CapturedLogs } from '../support/captured-logs';
import { TestApi, startTestApi } from '../support/test-api';
import { createWorkspace } from '../support/widget-client';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new password 42';
const ACTION_SECRET = 'tok_live_audit_5e3c2b1a';
const SLACK_SIGNING_SECRET = 'abcdef0123456789abcdef0123456789';
const SLACK_BOT_TOKEN = 'xoxb-audit-1234-secretbot';
// An address literal: public, so the webhook's network guard accepts it without DNS.
const PUBLIC_URL = 'https://93.184.216.34/hooks/audit';

describe('the audit log', () => {
  let api: TestApi;
  let workspace: { id: string; auth: string };
  let other: { id: string; auth: string };
  /** Every secret value the tests hand out or receive: none may appear in audit_events. */
  const secrets: string[] = [ACTION_SECRET, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, PASSWORD, NEW_PASSWORD];
  let adminToken: string;
  let agentToken: string;
  const logs = new CapturedLogs();

  beforeAll(async () => {
    api = await startTestApi('audit_log');
    api.app.useLogger(logs);
    workspace = await createWorkspace(api, 'Audited', { actionHosts: ['api.northwind.example'] });
    other = await createWorkspace(api, 'Elsewhere');
    secrets.push(workspace.auth.replace('Bearer ', ''), other.auth.replace('Bearer ', ''));
    adminToken = await signIn(workspace.auth, 'boss@audit.test', 'admin');
    agentToken = await signIn(workspace.auth, 'ana@audit.test', 'agent');
  });

  afterAll(() => api?.close());

  async function signIn(auth: string, email: string, role: 'admin' | 'agent'): Promise<string> {
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', auth)
      .send({ email, name: email.split('@')[0], role, password: PASSWORD })
      .expect(201);
    const login = await request(api.url).post('/v1/console/login').send({ email, password: PASSWORD }).expect(200);
    return login.body.token as string;
  }

  const v1 = (auth = workspace.auth) => ({
    post: (path: string, body: object = {}) => request(api.url).post(path).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => request(api.url).patch(path).set('Authorization', auth).send(body),
    delete: (path: string) => request(api.url).delete(path).set('Authorization', auth),
    get: (path: string) => request(api.url).get(path).set('Authorization', auth),
  });

  async function events(query: Record<string, string> = {}, auth = workspace.auth): Promise<AuditEventView[]> {
    const page = await v1(auth)
      .get('/v1/audit-events')
      .query({ limit: '200', ...query })
      .expect(200);
    return page.body.events as AuditEventView[];
  }

  async function only(action: string, targetId: string): Promise<AuditEventView> {
    const found = await events({ action, targetId });
    expect(found).toHaveLength(1);
    return found[0];
  }

  async function storedAuditText(): Promise<string> {
    const dataSource = api.app.get<DataSource>(getDataSourceToken());
    const rows: Array<{ text: string }> = await dataSource.query(
      'SELECT row_to_json(event)::text AS text FROM audit_events event',
    );
    return rows.map((row) => row.text).join('\n');
  }

  const byApiKey = { type: 'api_key', id: expect.any(String), display: expect.stringMatching(/^Default key \(sb_/) };
  const fromLoopback = expect.stringMatching(/127\.0\.0\.1$/);

  it('records workspace creation by the admin token, with its first API key', async () => {
    const created = await only('workspace.created', workspace.id);
    expect(created).toMatchObject({
      actor: { type: 'admin_token', id: null, display: 'Instance admin token' },
      ip: fromLoopback,
      target: { type: 'workspace', id: workspace.id },
      diff: { name: { before: null, after: 'Audited' } },
    });
    const [firstKey] = await events({ action: 'api_key.created' });
    expect(firstKey.diff.key).toEqual({ before: null, after: '[redacted]' });
  });

  it('records API keys issued and revoked, the key itself redacted', async () => {
    const issued = await v1().post('/v1/api-keys', { name: 'CI' }).expect(201);
    secrets.push(issued.body.key);
    await v1().delete(`/v1/api-keys/${issued.body.id}`).expect(204);

    const created = await only('api_key.created', issued.body.id);
    expect(created).toMatchObject({
      actor: byApiKey,
      ip: fromLoopback,
      target: { type: 'api_key', id: issued.body.id },
      diff: { name: { before: null, after: 'CI' }, key: { before: null, after: '[redacted]' } },
    });
    const revoked = await only('api_key.revoked', issued.body.id);
    expect(revoked.diff.revokedAt).toEqual({ before: null, after: expect.any(String) });
  });

  it('records agents added, their role changed, their password reset and their removal', async () => {
    const agent = await v1()
      .post('/v1/agents', { email: 'cy@audit.test', name: 'Cy', role: 'agent', password: PASSWORD })
      .expect(201);
    const id = agent.body.id as string;
    await v1().patch(`/v1/agents/${id}`, { role: 'admin' }).expect(200);
    await v1().patch(`/v1/agents/${id}`, { password: NEW_PASSWORD }).expect(200);
    await v1().delete(`/v1/agents/${id}`).expect(204);

    expect((await only('agent.created', id)).diff).toMatchObject({
      email: { before: null, after: 'cy@audit.test' },
      role: { before: null, after: 'agent' },
      password: { before: null, after: '[redacted]' },
    });
    expect((await only('agent.role_changed', id)).diff).toEqual({ role: { before: 'agent', after: 'admin' } });
    expect((await only('agent.password_reset', id)).diff).toEqual({ password: { before: null, after: '[redacted]' } });
    expect((await only('agent.deleted', id)).diff.email).toEqual({ before: 'cy@audit.test', after: null });
  });

  it('records the threshold and other settings with before and after, and a rename', async () => {
    await v1().patch('/v1/workspace/settings', { confidenceThreshold: 0.72 }).expect(200);
    await v1().patch('/v1/workspace', { name: 'Audited Inc' }).expect(200);

    const [changed] = await events({ action: 'workspace.settings_changed' });
    expect(changed).toMatchObject({
      actor: byApiKey,
      target: { type: 'workspace', id: workspace.id },
      diff: { 'settings.confidenceThreshold': { before: expect.any(Number), after: 0.72 } },
    });
    expect(Object.keys(changed.diff)).toEqual(['settings.confidenceThreshold']);
    expect((await only('workspace.renamed', workspace.id)).diff).toEqual({
      name: { before: 'Audited', after: 'Audited Inc' },
    });
  });

  it('records inboxes created, changed (credentials redacted), their visitor tokens revoked and deleted', async () => {
    const widget = await v1().post('/v1/inboxes', { name: 'Chat', channel: 'widget' }).expect(201);
    secrets.push(widget.body.identitySecret);
    const slack = await v1()
      .post('/v1/inboxes', {
        name: 'Slack',
        channel: 'slack',
        slack: { botToken: SLACK_BOT_TOKEN, signingSecret: SLACK_SIGNING_SECRET },
      })
      .expect(201);
    const widgetId = widget.body.inbox.id as string;
    const slackId = slack.body.inbox.id as string;
    const reinstalled = { botToken: 'xoxb-audit-reinstalled-77', signingSecret: 'fedcba9876543210fedcba9876543210' };
    secrets.push(reinstalled.botToken, reinstalled.signingSecret);
    await v1().patch(`/v1/inboxes/${slackId}`, { slack: reinstalled }).expect(200);
    await v1().patch(`/v1/inboxes/${widgetId}`, { name: 'Website chat' }).expect(200);
    await v1().post(`/v1/inboxes/${widgetId}/visitor-tokens/revoke`).expect(200);
    await v1().delete(`/v1/inboxes/${widgetId}`).expect(204);

    expect((await only('inbox.created', widgetId)).diff).toMatchObject({
      channel: { before: null, after: 'widget' },
      identitySecret: { before: null, after: '[redacted]' },
    });
    expect((await only('inbox.created', slackId)).diff.credentials).toEqual({
      before: null,
      after: '[redacted]',
    });
    expect((await only('inbox.updated', widgetId)).diff).toEqual({ name: { before: 'Chat', after: 'Website chat' } });
    expect((await only('inbox.updated', slackId)).diff).toEqual({ credentials: { before: null, after: '[redacted]' } });
    expect((await only('inbox.visitor_tokens_revoked', widgetId)).diff).toEqual({
      visitorTokenGeneration: { before: 0, after: 1 },
    });
    await only('inbox.deleted', widgetId);
  });

  it('records knowledge sources created and deleted', async () => {
    const source = await v1()
      .post('/v1/knowledge/sources', { name: 'Help', type: 'text', visibility: 'public' })
      .expect(201);
    await v1().delete(`/v1/knowledge/sources/${source.body.id}`).expect(204);
    expect((await only('knowledge_source.created', source.body.id)).diff).toMatchObject({
      name: { before: null, after: 'Help' },
      visibility: { before: null, after: 'public' },
    });
    await only('knowledge_source.deleted', source.body.id);
  });

  it('records actions created, changed (secret values redacted) and deleted', async () => {
    const action = await v1()
      .post('/v1/actions', {
        name: 'order_status',
        description: 'Look up an order.',
        method: 'GET',
        url: 'https://api.northwind.example/orders/{order_number}',
        parameters: {
          type: 'object',
          properties: { order_number: { type: 'string' } },
          required: ['order_number'],
          additionalProperties: false,
        },
        headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}' },
        secrets: { API_TOKEN: ACTION_SECRET },
      })
      .expect(201);
    const id = action.body.id as string;
    await v1()
      .patch(`/v1/actions/${id}`, { secrets: { API_TOKEN: `${ACTION_SECRET}-2` }, enabled: false })
      .expect(200);
    await v1().delete(`/v1/actions/${id}`).expect(204);

    expect((await only('action.created', id)).diff).toMatchObject({
      secrets: { before: null, after: '[redacted]' },
      'headers.Authorization': { before: null, after: '[redacted]' },
    });
    expect((await only('action.updated', id)).diff).toMatchObject({
      enabled: { before: true, after: false },
      secrets: { before: '[redacted]', after: '[redacted]' },
    });
    await only('action.deleted', id);
  });

  it('records webhooks created, changed, their secret rotated and deleted', async () => {
    const hook = await v1()
      .post('/v1/webhooks', { url: PUBLIC_URL, events: ['handoff'] })
      .expect(201);
    secrets.push(hook.body.secret);
    const id = hook.body.id as string;
    await v1().patch(`/v1/webhooks/${id}`, { enabled: false }).expect(200);
    const rotated = await v1().post(`/v1/webhooks/${id}/rotate-secret`).expect(200);
    secrets.push(rotated.body.secret);
    await v1().delete(`/v1/webhooks/${id}`).expect(204);

    expect((await only('webhook.created', id)).diff).toMatchObject({
      url: { before: null, after: PUBLIC_URL },
      secret: { before: null, after: '[redacted]' },
    });
    expect((await only('webhook.updated', id)).diff).toEqual({ enabled: { before: true, after: false } });
    expect((await only('webhook.secret_rotated', id)).diff).toMatchObject({
      secret: { before: '[redacted]', after: '[redacted]' },
      previousSecretExpiresAt: { before: null, after: expect.any(String) },
    });
    await only('webhook.deleted', id);
  });

  it('records canned replies by the console admin who made them, and teams', async () => {
    const console = (path: string) => `/v1/console/${path}`;
    const reply = await request(api.url)
      .post(console('canned-replies'))
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ shortCode: 'refund', content: 'Refunds take 5 days.' })
      .expect(201);
    const replyId = reply.body.cannedReply.id as string;
    await request(api.url)
      .delete(console(`canned-replies/${replyId}`))
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    const created = await only('canned_reply.created', replyId);
    expect(created.actor).toEqual({ type: 'agent', id: expect.any(String), display: 'boss <boss@audit.test>' });
    expect(created.ip).toEqual(fromLoopback);
    await only('canned_reply.deleted', replyId);

    const team = await v1().post('/v1/teams', { name: 'Payments' }).expect(201);
    await v1().patch(`/v1/teams/${team.body.id}`, { name: 'Billing' }).expect(200);
    await v1().delete(`/v1/teams/${team.body.id}`).expect(204);
    expect((await only('team.updated', team.body.id)).diff).toEqual({ name: { before: 'Payments', after: 'Billing' } });
    await only('team.deleted', team.body.id);
  });

  it('never stores a secret value: not one of them appears anywhere in audit_events', async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const stored = await storedAuditText();
    expect(stored).toContain('[redacted]');
    expect(secrets.filter((secret) => stored.includes(secret))).toEqual([]);
  });

  it('saw every @Audited call record its event, and logged no secret', () => {
    expect(logs.lines.filter((line) => line.includes('without an audit event'))).toEqual([]);
    const logged = logs.lines.join('\n');
    expect(secrets.filter((secret) => logged.includes(secret))).toEqual([]);
  });

  it('filters by action prefix, actor, target and time, and pages newest first by cursor', async () => {
    const webhooks = await events({ action: 'webhook.*' });
    expect(new Set(webhooks.map((event) => event.action))).toEqual(
      new Set(['webhook.created', 'webhook.updated', 'webhook.secret_rotated', 'webhook.deleted']),
    );
    const byAgent = await events({ actorType: 'agent' });
    expect(byAgent.map((event) => event.action).sort()).toEqual(['canned_reply.created', 'canned_reply.deleted']);
    expect(await events({ since: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect((await events({ until: '2000-01-01T00:00:00Z' })).length).toBe(0);

    const everything = await events();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '7', ...(cursor ? { cursor } : {}) };
      const page = await v1().get('/v1/audit-events').query(query).expect(200);
      seen.push(...(page.body.events as AuditEventView[]).map((event) => event.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toEqual(everything.map((event) => event.id));
    const times = everything.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('answers 400 naming each bad parameter', async () => {
    const bad = await v1()
      .get('/v1/audit-events')
      .query({ limit: '0', since: 'yesterday', cursor: 'abc', actorType: 'robot', action: 'DROP TABLE' })
      .expect(400);
    const fields = (bad.body.errors as Array<{ field: string }>).map((error) => error.field).sort();
    expect(fields).toEqual(['action', 'actorType', 'cursor', 'limit', 'since']);
    const noFormat = await v1().get('/v1/audit-events/export').expect(400);
    expect(noFormat.body.errors).toEqual([{ field: 'format', messages: [expect.stringMatching(/csv, jsonl/)] }]);
  });

  it('exports the filtered log as JSON Lines and as CSV, oldest first', async () => {
    const expected = (await events({ action: 'agent.*' })).reverse();
    const jsonl = await v1().get('/v1/audit-events/export').query({ format: 'jsonl', action: 'agent.*' }).expect(200);
    expect(jsonl.headers['content-type']).toMatch(/^application\/jsonl/);
    expect(jsonl.headers['content-disposition']).toBe('attachment; filename="audit-log.jsonl"');
    const lines = jsonl.text.trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as AuditEventView)).toEqual(expected);

    const csv = await v1().get('/v1/audit-events/export').query({ format: 'csv', action: 'agent.*' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trimEnd().split('\r\n');
    expect(rows[0]).toBe('id,occurredAt,actorType,actorId,actorDisplay,ip,action,targetType,targetId,diff');
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual(expected.map((event) => event.id));
    const roleChange = rows.find((row) => row.includes('agent.role_changed'));
    expect(roleChange).toContain('""before"":""agent""');
    expect(roleChange).toContain('""after"":""admin""');
  });

  it('shows the console log to admins only: 403 for agents, 401 without a session', async () => {
    const page = await request(api.url)
      .get('/v1/console/audit-events')
      .query({ action: 'team.*' })
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect((page.body.events as AuditEventView[]).map((event) => event.action)).toEqual([
      'team.deleted',
      'team.updated',
      'team.created',
    ]);
    const exported = await request(api.url)
      .get('/v1/console/audit-events/export')
      .query({ format: 'jsonl', action: 'team.*' })
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(exported.text.trimEnd().split('\n')).toHaveLength(3);

    for (const path of ['/v1/console/audit-events', '/v1/console/audit-events/export?format=csv']) {
      const refused = await request(api.url).get(path).set('Authorization', `Bearer ${agentToken}`).expect(403);
      expect(refused.body.message).toMatch(/Only admins/);
      await request(api.url).get(path).expect(401);
    }
  });

  it("keeps each workspace's log to itself", async () => {
    await v1(other.auth).post('/v1/teams', { name: 'Theirs' }).expect(201);
    const theirs = await events({}, other.auth);
    expect(theirs.map((event) => event.action).sort()).toEqual([
      'api_key.created',
      'team.created',
      'workspace.created',
    ]);
    expect(theirs.every((event) => event.target.id !== workspace.id)).toBe(true);
    const ours = await events();
    expect(ours.some((event) => event.target.id === other.id)).toBe(false);
    expect(ours.map((event) => event.diff.name?.after)).not.toContain('Theirs');
    const exported = await v1(other.auth).get('/v1/audit-events/export').query({ format: 'jsonl' }).expect(200);
    expect(exported.text.trimEnd().split('\n')).toHaveLength(3);
  });
});
