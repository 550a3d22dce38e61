import request from 'supertest';
import { TestApi, startTestApi } from '../support/test-api';

describe('knowledge API input checks (crawling of private networks not allowed)', () => {
  let api: TestApi;
  let auth: string;

  beforeAll(async () => {
    api = await startTestApi('knowledge-api');
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Checks' })
      .expect(201);
    auth = `Bearer ${created.body.apiKey.key}`;
  });

  afterAll(() => api.close());

  const create = (body: object) => request(api.url).post('/v1/knowledge/sources').set('Authorization', auth).send(body);

  it.each([
    ['loopback', 'http://127.0.0.1:8080/help'],
    ['localhost', 'http://localhost/help'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['private network', 'http://10.0.0.5/wiki'],
  ])('refuses a %s address with 400 naming the reason', async (_label, url) => {
    const response = await create({ name: 'Site', type: 'url', visibility: 'public', crawl: { url } }).expect(400);
    expect(response.body.message).toMatch(/crawl\.url refused: .*(loopback|link-local|private)/);
  });

  it('refuses malformed URLs, unknown types and missing crawl settings with field errors', async () => {
    const malformed = await create({
      name: 'Site',
      type: 'url',
      visibility: 'secret',
      crawl: { url: 'not a url', maxPages: 0 },
    }).expect(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'crawl.maxPages',
      'crawl.url',
      'visibility',
    ]);
    await create({ name: 'Site', type: 'ftp', visibility: 'public' }).expect(400);
    const missing = await create({ name: 'Site', type: 'url', visibility: 'public' }).expect(400);
    expect(missing.body.message).toContain('crawl.url');
  });

  it('never replaces a document because a new one has the same title: only an explicit id replaces', async () => {
    const source = (await create({ name: 'Notes', type: 'text', visibility: 'public' }).expect(201)).body.id as string;
    const add = (body: object) =>
      request(api.url).post(`/v1/knowledge/sources/${source}/documents`).set('Authorization', auth).send(body);
    const first = (await add({ title: 'Opening hours', text: 'Open on weekdays.' }).expect(202)).body;
    const second = (await add({ title: 'Opening hours', text: 'Open on Saturdays too.' }).expect(202)).body;
    expect(second.documents[0].id).not.toBe(first.documents[0].id);

    const replaced = (await add({ id: first.documents[0].externalId, title: 'Hours', text: 'Open daily.' }).expect(202))
      .body;
    expect(replaced.documents[0].id).toBe(first.documents[0].id);
    const listed = await request(api.url)
      .get(`/v1/knowledge/sources/${source}/documents`)
      .set('Authorization', auth)
      .expect(200);
    expect(listed.body).toHaveLength(2);
  });

  it('answers 404 for sources of another workspace and 401 without a key', async () => {
    const other = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Other' })
      .expect(201);
    const source = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', `Bearer ${other.body.apiKey.key}`)
      .send({ name: 'Theirs', type: 'text', visibility: 'public' })
      .expect(201);
    await request(api.url).get(`/v1/knowledge/sources/${source.body.id}`).set('Authorization', auth).expect(404);
    await request(api.url)
      .get(`/v1/knowledge/sources/${source.body.id}/documents`)
      .set('Authorization', auth)
      .expect(404);
    await request(api.url)
      .post(`/v1/knowledge/sources/${source.body.id}/documents`)
      .set('Authorization', auth)
      .send({ title: 'Injected', text: 'Not yours.' })
      .expect(404);
    await request(api.url).post(`/v1/knowledge/sources/${source.body.id}/sync`).set('Authorization', auth).expect(404);
    await request(api.url).get('/v1/knowledge/sources').expect(401);
  });
});
