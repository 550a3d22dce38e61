import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApi, startTestApi } from '../support/test-api';

describe('admin API', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await startTestApi('admin');
    admin = `Bearer ${api.config.adminToken}`;
  });

  afterAll(() => api.close());

  async function createWorkspace(name: string): Promise<{ id: string; key: string }> {
    const response = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', admin)
      .send({ name })
      .expect(201);
    return { id: response.body.workspace.id, key: response.body.apiKey.key };
  }

  describe('workspaces', () => {
    it('shows the settings the bot goes by, defaults included, for a workspace stored before newer settings existed', async () => {
      const { id, key } = await createWorkspace('Older');
      // As a row written before policyMessage, offlineMessage and businessHours were settings.
      await api.app
        .get(DataSource)
        .query(
          `UPDATE workspaces SET settings = settings - 'policyMessage' - 'offlineMessage' - 'businessHours' WHERE id = $1`,
          [id],
        );
      // The response check holds these bodies to the documented WorkspaceResponse, whose settings are all required.
      const me = await request(api.url).get('/v1/workspace').set('Authorization', `Bearer ${key}`).expect(200);
      expect(me.body.settings).toMatchObject({ policyMessage: expect.any(String), businessHours: null });
      const renamed = await request(api.url)
        .patch('/v1/workspace')
        .set('Authorization', `Bearer ${key}`)
        .send({ name: 'Older still' })
        .expect(200);
      expect(renamed.body.settings.offlineMessage).toEqual(expect.any(String));
      const listed = await request(api.url).get('/v1/workspaces?limit=100').set('Authorization', admin).expect(200);
      const older = (listed.body as Array<{ id: string; settings: Record<string, unknown> }>).find((w) => w.id === id);
      expect(older?.settings).toHaveProperty('policyMessage');
    });

    it('creates a workspace with the admin token and returns its first API key once', async () => {
      const response = await request(api.url)
        .post('/v1/workspaces')
        .set('Authorization', admin)
        .send({ name: 'Acme', settings: { confidenceThreshold: 0.7 } })
        .expect(201);
      expect(response.body.workspace).toMatchObject({
        name: 'Acme',
        settings: { confidenceThreshold: 0.7, locale: 'en' },
      });
      expect(response.body.apiKey.key).toMatch(/^sb_[A-Za-z0-9_-]{32}$/);
      expect(JSON.stringify(response.body)).not.toContain('keyHash');

      const me = await request(api.url)
        .get('/v1/workspace')
        .set('Authorization', `Bearer ${response.body.apiKey.key}`)
        .expect(200);
      expect(me.body.id).toBe(response.body.workspace.id);

      const keys = await request(api.url)
        .get('/v1/api-keys')
        .set('Authorization', `Bearer ${response.body.apiKey.key}`)
        .expect(200);
      expect(keys.body).toHaveLength(1);
      expect(keys.body[0]).not.toHaveProperty('key');
      expect(keys.body[0]).not.toHaveProperty('keyHash');
    });

    it('rejects invalid bodies with 400 naming each failing field', async () => {
      const response = await request(api.url)
        .post('/v1/workspaces')
        .set('Authorization', admin)
        .send({ name: '', settings: { confidenceThreshold: 2, timezone: 'Mars/Olympus' }, plan: 'gold' })
        .expect(400);
      const fields = (response.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
      expect(fields).toEqual(['name', 'plan', 'settings.confidenceThreshold', 'settings.timezone']);
      expect(response.body.message).toContain('settings.confidenceThreshold');
    });

    it('rejects a malformed JSON body with 400', async () => {
      await request(api.url)
        .post('/v1/workspaces')
        .set('Authorization', admin)
        .set('Content-Type', 'application/json')
        .send('{"name":')
        .expect(400);
    });

    it('refuses a body over the size limit with 413', async () => {
      await request(api.url)
        .post('/v1/workspaces')
        .set('Authorization', admin)
        .send({ name: 'x'.repeat(3_000_000) })
        .expect(413);
    });

    it('answers 401 without the admin token, with a wrong one, and with a workspace key', async () => {
      const { key } = await createWorkspace('Key holder');
      await request(api.url).post('/v1/workspaces').send({ name: 'x' }).expect(401);
      await request(api.url)
        .post('/v1/workspaces')
        .set('Authorization', 'Bearer wrong-token')
        .send({ name: 'x' })
        .expect(401);
      await request(api.url)
        .post('/v1/workspaces')
        .set('Authorization', `Bearer ${key}`)
        .send({ name: 'x' })
        .expect(401);
      await request(api.url).get('/v1/workspaces').set('Authorization', 'Basic abc').expect(401);
    });
  });

  describe('workspace API key', () => {
    it('answers 401 without a key, with an unknown key and with a revoked key', async () => {
      const { key } = await createWorkspace('Revoker');
      await request(api.url).get('/v1/inboxes').expect(401);
      await request(api.url)
        .get('/v1/inboxes')
        .set('Authorization', 'Bearer sb_notARealKeyAtAllxxxxxxxxxxxxxxxxxx')
        .expect(401);
      await request(api.url).get('/v1/inboxes').set('Authorization', `Bearer ${api.config.adminToken}`).expect(401);

      const second = await request(api.url)
        .post('/v1/api-keys')
        .set('Authorization', `Bearer ${key}`)
        .send({ name: 'script' })
        .expect(201);
      await request(api.url).get('/v1/inboxes').set('Authorization', `Bearer ${second.body.key}`).expect(200);
      await request(api.url).delete(`/v1/api-keys/${second.body.id}`).set('Authorization', `Bearer ${key}`).expect(204);
      await request(api.url).get('/v1/inboxes').set('Authorization', `Bearer ${second.body.key}`).expect(401);
    });

    it('manages inboxes, agents and settings of its own workspace', async () => {
      const { key } = await createWorkspace('Manager');
      const auth = `Bearer ${key}`;

      const inbox = await request(api.url)
        .post('/v1/inboxes')
        .set('Authorization', auth)
        .send({
          name: 'Website',
          channel: 'widget',
          settings: { color: '#4f46e5', allowedOrigins: ['https://shop.example.com'] },
        })
        .expect(201);
      expect(inbox.body.inbox).toMatchObject({ name: 'Website', channel: 'widget', settings: { color: '#4f46e5' } });
      expect(inbox.body.inbox.publicKey).toMatch(/^ib_/);
      expect(inbox.body.identitySecret).toMatch(/^[0-9a-f]{64}$/);
      expect(inbox.body.inbox).not.toHaveProperty('secrets');

      const patched = await request(api.url)
        .patch(`/v1/inboxes/${inbox.body.inbox.id}`)
        .set('Authorization', auth)
        .send({ settings: { title: 'Help' } })
        .expect(200);
      expect(patched.body.settings).toEqual({
        color: '#4f46e5',
        allowedOrigins: ['https://shop.example.com'],
        title: 'Help',
      });
      const listed = await request(api.url).get('/v1/inboxes').set('Authorization', auth).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(inbox.body.identitySecret);

      await request(api.url)
        .post('/v1/inboxes')
        .set('Authorization', auth)
        .send({ name: 'Bad', channel: 'fax', settings: { color: 'blue', allowedOrigins: ['javascript:alert(1)'] } })
        .expect(400)
        .expect((response) => {
          const fields = response.body.errors.map((e: { field: string }) => e.field).sort();
          expect(fields).toEqual(['channel', 'settings.allowedOrigins', 'settings.color']);
        });

      const agent = await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ email: 'Ana@Example.com', name: 'Ana', role: 'agent', password: 'a long enough password' })
        .expect(201);
      expect(agent.body).toMatchObject({ email: 'ana@example.com', role: 'agent' });
      expect(agent.body).not.toHaveProperty('passwordHash');
      await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ email: 'ana@example.com', name: 'Ana again', role: 'agent', password: 'a long enough password' })
        .expect(409);
      await request(api.url)
        .post('/v1/agents')
        .set('Authorization', auth)
        .send({ email: 'not-an-email', name: 'X', role: 'boss' })
        .expect(400);
      const promoted = await request(api.url)
        .patch(`/v1/agents/${agent.body.id}`)
        .set('Authorization', auth)
        .send({ role: 'admin' })
        .expect(200);
      expect(promoted.body.role).toBe('admin');

      const settings = await request(api.url)
        .patch('/v1/workspace/settings')
        .set('Authorization', auth)
        .send({ confidenceThreshold: 0.65, timezone: 'Europe/Berlin' })
        .expect(200);
      expect(settings.body.settings).toMatchObject({
        confidenceThreshold: 0.65,
        timezone: 'Europe/Berlin',
        assignment: 'claim',
      });
    });

    it('refuses a second e-mail inbox for an address another workspace already receives (409)', async () => {
      const first = await createWorkspace('Mail one');
      const second = await createWorkspace('Mail two');
      const inbox = (key: string, address: string) =>
        request(api.url)
          .post('/v1/inboxes')
          .set('Authorization', `Bearer ${key}`)
          .send({ name: 'Support', channel: 'email', settings: { address } });
      await inbox(first.key, 'help@shared.example').expect(201);
      const clash = await inbox(second.key, 'HELP@shared.example').expect(409);
      expect(clash.body.message).toBe('Another e-mail inbox already receives HELP@shared.example');
      const own = await inbox(second.key, 'help@second.example').expect(201);
      await request(api.url)
        .patch(`/v1/inboxes/${own.body.inbox.id}`)
        .set('Authorization', `Bearer ${second.key}`)
        .send({ settings: { address: 'help@shared.example' } })
        .expect(409);
      await request(api.url)
        .patch(`/v1/inboxes/${own.body.inbox.id}`)
        .set('Authorization', `Bearer ${second.key}`)
        .send({ settings: { address: 'help@second.example', fromName: 'Second' } })
        .expect(200);
    });

    it("cannot read or change another workspace's resources (404)", async () => {
      const a = await createWorkspace('Tenant A');
      const b = await createWorkspace('Tenant B');
      const inboxB = await request(api.url)
        .post('/v1/inboxes')
        .set('Authorization', `Bearer ${b.key}`)
        .send({ name: 'B chat', channel: 'widget' })
        .expect(201);
      const agentB = await request(api.url)
        .post('/v1/agents')
        .set('Authorization', `Bearer ${b.key}`)
        .send({ email: 'bo@b.example', name: 'Bo', role: 'admin', password: 'a long enough password' })
        .expect(201);
      const keysB = await request(api.url).get('/v1/api-keys').set('Authorization', `Bearer ${b.key}`).expect(200);
      const asA = (req: request.Test) => req.set('Authorization', `Bearer ${a.key}`);

      await asA(request(api.url).get(`/v1/inboxes/${inboxB.body.inbox.id}`)).expect(404);
      await asA(request(api.url).patch(`/v1/inboxes/${inboxB.body.inbox.id}`))
        .send({ name: 'mine now' })
        .expect(404);
      await asA(request(api.url).delete(`/v1/inboxes/${inboxB.body.inbox.id}`)).expect(404);
      await asA(request(api.url).get(`/v1/agents/${agentB.body.id}`)).expect(404);
      await asA(request(api.url).delete(`/v1/agents/${agentB.body.id}`)).expect(404);
      await asA(request(api.url).delete(`/v1/api-keys/${keysB.body[0].id}`)).expect(404);
      await asA(request(api.url).get('/v1/inboxes/not-a-uuid')).expect(404);
      const listA = await asA(request(api.url).get('/v1/inboxes')).expect(200);
      expect(listA.body).toEqual([]);

      await request(api.url)
        .get(`/v1/inboxes/${inboxB.body.inbox.id}`)
        .set('Authorization', `Bearer ${b.key}`)
        .expect(200);
      await request(api.url).get('/v1/inboxes').set('Authorization', `Bearer ${b.key}`).expect(200);
    });
  });

  describe('operations', () => {
    it('serves liveness, readiness with Postgres and Redis, and the OpenAPI document', async () => {
      await request(api.url).get('/health').expect(200);
      const ready = await request(api.url).get('/ready').expect(200);
      expect(ready.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
      const spec = await request(api.url).get('/openapi.json').expect(200);
      expect(Object.keys(spec.body.paths)).toEqual(
        expect.arrayContaining(['/v1/workspaces', '/v1/inboxes/{id}', '/v1/agents']),
      );
      await request(api.url).get('/docs').expect(200);
    });

    it('serves a favicon, which every browser asks the console and /docs origin for', async () => {
      const icon = await request(api.url).get('/favicon.ico').expect(200);
      expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(String(icon.body instanceof Buffer ? icon.body.toString('utf8') : icon.text)).toContain('<svg');
    });

    it('exposes Prometheus metrics with HTTP latency by route', async () => {
      await request(api.url).get('/health').expect(200);
      const metrics = await request(api.url).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health"/);
      expect(metrics.text).toMatch(/queue_jobs\{queue="knowledge",state="waiting"\} \d+/);
    });

    it('echoes a request id', async () => {
      const response = await request(api.url).get('/health').set('x-request-id', 'req-123').expect(200);
      expect(response.headers['x-request-id']).toBe('req-123');
    });
  });
});
