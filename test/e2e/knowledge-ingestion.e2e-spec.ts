import { INestApplicationContext } from '@nestjs/common';
import { WorkspaceId } from '@switchboard/database';
import { CachedEmbedder, EMBEDDER } from '@switchboard/knowledge';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { Queue } from 'bullmq';
import request from 'supertest';
import { buildDocx, buildPdf } from '@switchboard/knowledge/testing';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';

interface Sync {
  id: string;
  status: string;
  total: number;
  indexed: number;
  skipped: number;
  failed: number;
  deleted: number;
  errors: Array<{ error: string }>;
}

describe('knowledge ingestion (api + worker, real Postgres, Redis and LanceDB)', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let store: VectorStore;
  let embedder: CachedEmbedder;
  let admin: string;

  beforeAll(async () => {
    environment = await createTestEnvironment('ingest', {
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
      UPLOAD_MAX_BYTES: '200000',
      SITEMAP_MAX_URLS: '10',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    store = api.app.get(VECTOR_STORE);
    embedder = worker.get(EMBEDDER);
    admin = `Bearer ${api.config.adminToken}`;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  async function workspace(name: string): Promise<{ id: WorkspaceId; auth: string }> {
    const response = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', admin)
      .send({ name })
      .expect(201);
    return { id: response.body.workspace.id, auth: `Bearer ${response.body.apiKey.key}` };
  }

  async function source(auth: string, body: object): Promise<string> {
    const response = await request(api.url)
      .post('/v1/knowledge/sources')
      .set('Authorization', auth)
      .send(body)
      .expect(201);
    return response.body.id;
  }

  async function finished(auth: string, sourceId: string, syncId: string): Promise<Sync> {
    return eventually(
      async () => {
        const response = await request(api.url)
          .get(`/v1/knowledge/sources/${sourceId}/syncs/${syncId}`)
          .set('Authorization', auth)
          .expect(200);
        return response.body.status !== 'running' ? (response.body as Sync) : undefined;
      },
      { what: `sync ${syncId}`, timeoutMs: 60_000 },
    );
  }

  async function documents(
    auth: string,
    sourceId: string,
  ): Promise<Array<{ id: string; externalId: string; title: string; chunkCount: number; status: string }>> {
    const response = await request(api.url)
      .get(`/v1/knowledge/sources/${sourceId}/documents`)
      .set('Authorization', auth)
      .expect(200);
    return response.body;
  }

  async function search(auth: string, query: string, scope: 'public' | 'all' = 'all') {
    const response = await request(api.url)
      .post('/v1/knowledge/search')
      .set('Authorization', auth)
      .send({ query, scope, limit: 10 })
      .expect(200);
    return response.body as Array<{
      chunk: {
        documentId: string;
        title: string;
        headingPath: string[];
        text: string;
        workspaceId: string;
        visibility: string;
      };
    }>;
  }

  async function chunkIdsByDocument(workspaceId: WorkspaceId, ids: string[]): Promise<Map<string, string[]>> {
    const entries = await Promise.all(
      ids.map(async (id) => [id, (await store.listChunkIds(workspaceId, id)).sort()] as const),
    );
    return new Map(entries);
  }

  function upload(auth: string, sourceId: string, files: Array<{ name: string; type: string; content: Buffer }>) {
    const req = request(api.url).post(`/v1/knowledge/sources/${sourceId}/files`).set('Authorization', auth);
    for (const file of files) req.attach('files', file.content, { filename: file.name, contentType: file.type });
    return req;
  }

  const markdown = (refundDays: number) =>
    Buffer.from(
      `# Returns policy\n\nEverything about sending items back.\n\n## Refund window\n\nYou can return unworn items within ${refundDays} days of delivery for a full refund to the original payment method.\n\n## Damaged items\n\nIf an item arrives damaged, send us a photo and we ship a replacement at no cost.\n`,
    );

  const files = [
    { name: 'returns.md', type: 'text/markdown', content: markdown(30) },
    {
      name: 'shipping.html',
      type: 'text/html',
      content: Buffer.from(
        '<html><head><title>Shipping times</title><script>var tracking = "do not index";</script></head><body><nav>Home | Shop</nav><main><h1>Shipping times</h1><h2>Express delivery</h2><p>Express parcels arrive within two working days.</p><ul><li>Orders before noon ship the same day</li><li>Weekend orders ship on Monday</li></ul></main></body></html>',
      ),
    },
    {
      name: 'contact.txt',
      type: 'text/plain',
      content: Buffer.from('Contact us\n\nOur phone line is open from 9am to 5pm, Monday to Friday.'),
    },
    {
      name: 'warranty.pdf',
      type: 'application/pdf',
      content: buildPdf({
        title: 'Warranty terms',
        pages: [['Every blender carries a two year warranty.', 'Keep your receipt as proof of purchase.']],
      }),
    },
    {
      name: 'accounts.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      content: buildDocx([
        { kind: 'heading1', text: 'Managing your account' },
        { kind: 'heading2', text: 'Resetting your password' },
        { kind: 'paragraph', text: 'Click forgot password on the sign-in page and follow the link we e-mail you.' },
        { kind: 'bullet', text: 'The link expires after one hour' },
      ]),
    },
  ];

  describe('file uploads', () => {
    let ws: { id: WorkspaceId; auth: string };
    let sourceId: string;
    let docIds: Map<string, string>;

    beforeAll(async () => {
      ws = await workspace('Uploads');
      sourceId = await source(ws.auth, { name: 'Help files', type: 'upload', visibility: 'public' });
    });

    it('ingests Markdown, HTML, plain text, PDF and DOCX, keeping titles and heading paths', async () => {
      const accepted = await upload(ws.auth, sourceId, files).expect(202);
      expect(accepted.body.documents).toHaveLength(5);
      const sync = await finished(ws.auth, sourceId, accepted.body.sync.id);
      expect(sync).toMatchObject({ status: 'completed', total: 5, indexed: 5, failed: 0 });

      const docs = await documents(ws.auth, sourceId);
      docIds = new Map(docs.map((doc) => [doc.externalId, doc.id]));
      expect(Object.fromEntries(docs.map((doc) => [doc.externalId, doc.title]))).toEqual({
        'returns.md': 'Returns policy',
        'shipping.html': 'Shipping times',
        'contact.txt': 'Contact us',
        'warranty.pdf': 'Warranty terms',
        'accounts.docx': 'Managing your account',
      });
      for (const doc of docs) expect(doc).toMatchObject({ status: 'indexed', chunkCount: expect.any(Number) });

      const refund = await search(ws.auth, 'how many days do I have to return an item for a refund');
      expect(refund[0].chunk).toMatchObject({
        title: 'Returns policy',
        headingPath: ['Returns policy', 'Refund window'],
      });
      expect(refund[0].chunk.text).toContain('within 30 days');

      const express = await search(ws.auth, 'express delivery working days');
      expect(express[0].chunk).toMatchObject({
        title: 'Shipping times',
        headingPath: expect.arrayContaining(['Express delivery']),
      });
      expect(express.map((hit) => hit.chunk.text).join(' ')).toContain('Orders before noon ship the same day');
      expect(JSON.stringify(await search(ws.auth, 'tracking do not index'))).not.toContain('do not index');

      expect((await search(ws.auth, 'blender warranty'))[0].chunk.title).toBe('Warranty terms');
      const password = await search(ws.auth, 'reset my password');
      expect(password[0].chunk).toMatchObject({
        title: 'Managing your account',
        headingPath: expect.arrayContaining(['Resetting your password']),
      });
      expect(password[0].chunk.text).toContain('The link expires after one hour');
    });

    it('re-ingesting unchanged documents computes no embeddings', async () => {
      const before = embedder.counters.computed;
      const chunksBefore = await store.count(ws.id);
      const started = await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/sync`)
        .set('Authorization', ws.auth)
        .expect(202);
      const sync = await finished(ws.auth, sourceId, started.body.id);
      expect(sync).toMatchObject({ status: 'completed', total: 5, skipped: 5, indexed: 0, failed: 0 });
      expect(embedder.counters.computed).toBe(before);
      expect(await store.count(ws.id)).toBe(chunksBefore);
    });

    it('editing one document changes only its chunks', async () => {
      const ids = [...docIds.values()];
      const before = await chunkIdsByDocument(ws.id, ids);
      const accepted = await upload(ws.auth, sourceId, [
        { name: 'returns.md', type: 'text/markdown', content: markdown(60) },
      ]).expect(202);
      expect(accepted.body.documents[0].id).toBe(docIds.get('returns.md'));
      expect(await finished(ws.auth, sourceId, accepted.body.sync.id)).toMatchObject({
        status: 'completed',
        indexed: 1,
      });

      const after = await chunkIdsByDocument(ws.id, ids);
      for (const [externalId, id] of docIds) {
        if (externalId === 'returns.md') {
          expect(after.get(id)).not.toEqual(before.get(id));
          expect(after.get(id)?.length).toBe(before.get(id)?.length);
        } else {
          expect(after.get(id)).toEqual(before.get(id));
        }
      }
      // The api sees new chunks by vector at once, by keyword once the worker has refreshed the full-text index.
      const refund = await eventually(
        async () => {
          const hits = await search(ws.auth, 'how many days do I have to return an item for a refund');
          return hits[0]?.chunk.text.includes('within 60 days') ? hits : undefined;
        },
        { what: 'the edited refund window to be found first' },
      );
      expect(JSON.stringify(refund)).not.toContain('within 30 days');
    });

    it('records a document that cannot be parsed with its error and indexes the rest', async () => {
      const accepted = await upload(ws.auth, sourceId, [
        { name: 'broken.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 this is not really a pdf') },
        {
          name: 'gift-cards.md',
          type: 'text/markdown',
          content: Buffer.from('# Gift cards\n\nGift cards never expire and can be used online.'),
        },
      ]).expect(202);
      const sync = await finished(ws.auth, sourceId, accepted.body.sync.id);
      expect(sync).toMatchObject({ status: 'completed', total: 2, indexed: 1, failed: 1 });
      expect(sync.errors).toEqual([
        expect.objectContaining({ title: expect.any(String), error: expect.stringContaining('broken.pdf') }),
      ]);
      const docs = await documents(ws.auth, sourceId);
      expect(docs.find((doc) => doc.externalId === 'broken.pdf')).toMatchObject({ status: 'failed' });
      expect(docs.find((doc) => doc.externalId === 'gift-cards.md')).toMatchObject({ status: 'indexed' });
    });

    it('refuses unsupported types (415), oversized files (413), empty uploads (400) and the wrong endpoint (409)', async () => {
      const unsupported = await upload(ws.auth, sourceId, [
        { name: 'tool.exe', type: 'application/octet-stream', content: Buffer.from('MZ') },
      ]).expect(415);
      expect(unsupported.body.message).toMatch(/tool\.exe|application\/octet-stream/);
      await upload(ws.auth, sourceId, [
        { name: 'big.txt', type: 'text/plain', content: Buffer.alloc(300_000, 'a') },
      ]).expect(413);
      await request(api.url).post(`/v1/knowledge/sources/${sourceId}/files`).set('Authorization', ws.auth).expect(400);
      await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/documents`)
        .set('Authorization', ws.auth)
        .send({ title: 'x', text: 'y' })
        .expect(409);
    });
  });

  describe('text and bulk import', () => {
    it('removes the chunks of a document that is gone from the source', async () => {
      const ws = await workspace('Import');
      const sourceId = await source(ws.auth, { name: 'Articles', type: 'text', visibility: 'public' });
      const lines = (ids: string[]) =>
        ids
          .map((id) =>
            JSON.stringify({
              id,
              title: `Article ${id}`,
              text: `Article ${id} explains the ${id} feature in detail. It is useful.`,
            }),
          )
          .join('\n');
      const first = await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/import`)
        .set('Authorization', ws.auth)
        .set('Content-Type', 'application/x-ndjson')
        .send(lines(['alpha', 'beta', 'gamma']))
        .expect(202);
      expect(await finished(ws.auth, sourceId, first.body.sync.id)).toMatchObject({ status: 'completed', indexed: 3 });
      const gamma = (await documents(ws.auth, sourceId)).find((doc) => doc.externalId === 'gamma');
      expect(gamma).toBeDefined();
      expect(await store.listChunkIds(ws.id, gamma!.id)).not.toHaveLength(0);

      const second = await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/import?replace=true`)
        .set('Authorization', ws.auth)
        .set('Content-Type', 'application/x-ndjson')
        .send(lines(['alpha', 'beta']))
        .expect(202);
      expect(second.body.removed).toBe(1);
      expect(await finished(ws.auth, sourceId, second.body.sync.id)).toMatchObject({
        status: 'completed',
        skipped: 2,
        deleted: 1,
      });
      expect((await documents(ws.auth, sourceId)).map((doc) => doc.externalId).sort()).toEqual(['alpha', 'beta']);
      await eventually(async () => (await store.listChunkIds(ws.id, gamma!.id)).length === 0, {
        what: 'gamma chunks purged',
      });
      expect(JSON.stringify(await search(ws.auth, 'gamma feature'))).not.toContain('Article gamma');
    });

    it('names each bad line of a malformed import and imports nothing', async () => {
      const ws = await workspace('Bad import');
      const sourceId = await source(ws.auth, { name: 'Articles', type: 'text', visibility: 'public' });
      const response = await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/import`)
        .set('Authorization', ws.auth)
        .set('Content-Type', 'application/x-ndjson')
        .send(['{"id":"ok","title":"Fine","text":"Good text."}', '{"id":', '{"title":"no id","text":"x"}'].join('\n'))
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'line 2', messages: [expect.stringMatching(/^not valid JSON/)] },
        { field: 'line 3', messages: [expect.stringMatching(/^id must be/)] },
      ]);
      expect(await documents(ws.auth, sourceId)).toEqual([]);
    });
  });

  describe('visibility and tenants', () => {
    it('keeps internal knowledge out of public searches and every workspace to itself', async () => {
      const a = await workspace('Tenant A');
      const b = await workspace('Tenant B');
      const internal = await source(a.auth, { name: 'Staff wiki', type: 'text', visibility: 'internal' });
      const publicSource = await source(a.auth, { name: 'FAQ', type: 'text', visibility: 'public' });
      const other = await source(b.auth, { name: 'B FAQ', type: 'text', visibility: 'public' });
      const add = async (auth: string, sourceId: string, title: string, text: string) => {
        const accepted = await request(api.url)
          .post(`/v1/knowledge/sources/${sourceId}/documents`)
          .set('Authorization', auth)
          .send({ title, text })
          .expect(202);
        await finished(auth, sourceId, accepted.body.sync.id);
      };
      await add(
        a.auth,
        internal,
        'Escalation codes',
        'The internal escalation code for refunds over 500 euros is PURPLE-42.',
      );
      await add(a.auth, publicSource, 'Refunds', 'Refunds are paid within five working days.');
      await add(b.auth, other, 'Escalation codes of B', 'Workspace B escalation code is ZEBRA-77 for refunds.');

      const staff = await search(a.auth, 'escalation code for refunds', 'all');
      expect(staff.map((hit) => hit.chunk.title)).toContain('Escalation codes');
      const customer = await search(a.auth, 'escalation code for refunds', 'public');
      expect(customer.length).toBeGreaterThan(0);
      expect(customer.every((hit) => hit.chunk.visibility === 'public')).toBe(true);
      expect(JSON.stringify(customer)).not.toContain('PURPLE-42');

      for (const hit of [...staff, ...customer]) expect(hit.chunk.workspaceId).toBe(a.id);
      expect(JSON.stringify(await search(a.auth, 'ZEBRA-77 workspace B escalation'))).not.toContain('ZEBRA-77');
      expect(JSON.stringify(await search(b.auth, 'ZEBRA-77 workspace B escalation'))).toContain('ZEBRA-77');
    });
  });

  describe('site crawl', () => {
    let server: Server;
    let site: string;
    const pages = new Map<string, string>();

    beforeAll(async () => {
      server = createServer((req, res) => {
        const path = req.url ?? '/';
        if (path === '/robots.txt') {
          res
            .writeHead(200, { 'Content-Type': 'text/plain' })
            .end(`User-agent: *\nDisallow: /private\nSitemap: ${site}/sitemap.xml\n`);
        } else if (path === '/sitemap.xml') {
          const urls = [...pages.keys(), '/private/salaries'].map((p) => `<url><loc>${site}${p}</loc></url>`).join('');
          res
            .writeHead(200, { 'Content-Type': 'application/xml' })
            .end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`);
        } else if (pages.has(path)) {
          res
            .writeHead(200, {
              'Content-Type': 'text/html; charset=utf-8',
              ETag: `"${Buffer.from(pages.get(path)!).length}"`,
            })
            .end(pages.get(path));
        } else if (path.startsWith('/private')) {
          res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Salaries</h1><p>Secret salary table.</p>');
        } else {
          res.writeHead(404).end('not found');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      pages.set(
        '/',
        '<html><head><title>Help centre</title></head><body><h1>Help centre</h1><p>Welcome to the help centre of Acme kettles.</p><a href="/kettles/descaling">Descaling</a></body></html>',
      );
      pages.set(
        '/kettles/descaling',
        '<html><head><title>Descaling your kettle</title></head><body><h1>Descaling your kettle</h1><p>Descale the kettle every month with white vinegar and rinse it twice.</p></body></html>',
      );
      pages.set(
        '/kettles/warranty',
        '<html><head><title>Kettle warranty</title></head><body><h1>Kettle warranty</h1><p>Acme kettles have a three year warranty.</p></body></html>',
      );
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('crawls the sitemap, respects robots.txt, and removes pages that disappear', async () => {
      const ws = await workspace('Crawl');
      const sourceId = await source(ws.auth, {
        name: 'Site',
        type: 'sitemap',
        visibility: 'public',
        crawl: { url: `${site}/`, sitemapUrl: `${site}/sitemap.xml` },
      });
      const started = await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/sync`)
        .set('Authorization', ws.auth)
        .expect(202);
      const sync = await finished(ws.auth, sourceId, started.body.id);
      expect(sync).toMatchObject({ status: 'completed', total: 3, indexed: 3, failed: 0 });
      const docs = await documents(ws.auth, sourceId);
      expect(docs.map((doc) => doc.title).sort()).toEqual(['Descaling your kettle', 'Help centre', 'Kettle warranty']);
      expect(JSON.stringify(await search(ws.auth, 'salary table'))).not.toContain('Secret salary');
      expect((await search(ws.auth, 'how often should I descale the kettle'))[0].chunk.title).toBe(
        'Descaling your kettle',
      );

      pages.delete('/kettles/warranty');
      const again = await request(api.url)
        .post(`/v1/knowledge/sources/${sourceId}/sync`)
        .set('Authorization', ws.auth)
        .expect(202);
      const second = await finished(ws.auth, sourceId, again.body.id);
      expect(second).toMatchObject({ status: 'completed', deleted: 1, skipped: 2, indexed: 0 });
      expect((await documents(ws.auth, sourceId)).map((doc) => doc.title).sort()).toEqual([
        'Descaling your kettle',
        'Help centre',
      ]);
      const warranty = docs.find((doc) => doc.title === 'Kettle warranty')!;
      await eventually(async () => (await store.listChunkIds(ws.id, warranty.id)).length === 0, {
        what: 'warranty chunks purged',
      });
    });

    it('refuses a sitemap above SITEMAP_MAX_URLS when the source is created', async () => {
      const ws = await workspace('Big sitemap');
      for (let i = 0; i < 20; i++) pages.set(`/extra/${i}`, `<h1>Extra ${i}</h1>`);
      try {
        const response = await request(api.url)
          .post('/v1/knowledge/sources')
          .set('Authorization', ws.auth)
          .send({
            name: 'Too big',
            type: 'sitemap',
            visibility: 'public',
            crawl: { url: `${site}/`, sitemapUrl: `${site}/sitemap.xml` },
          })
          .expect(400);
        expect(response.body.message).toMatch(/too large/);
      } finally {
        for (let i = 0; i < 20; i++) pages.delete(`/extra/${i}`);
      }
    });

    it('schedules a re-sync when the source asks for one, and drops it with the source', async () => {
      const ws = await workspace('Scheduled');
      const sourceId = await source(ws.auth, {
        name: 'Site',
        type: 'url',
        visibility: 'public',
        crawl: { url: `${site}/`, syncIntervalMinutes: 60 },
      });
      const config = api.config;
      const queue = new Queue('knowledge', { connection: { url: config.redis.url }, prefix: config.queue.prefix });
      try {
        const scheduler = await eventually(
          async () => (await queue.getJobSchedulers()).find((entry) => entry.key === `source:${sourceId}`),
          { what: 'the job scheduler' },
        );
        expect(scheduler).toMatchObject({ every: 3_600_000, name: 'knowledge.sync-source' });
        await request(api.url).delete(`/v1/knowledge/sources/${sourceId}`).set('Authorization', ws.auth).expect(204);
        await eventually(
          async () => !(await queue.getJobSchedulers()).some((entry) => entry.key === `source:${sourceId}`),
          {
            what: 'the scheduler to be removed',
          },
        );
      } finally {
        await queue.close();
      }
    });
  });
});
