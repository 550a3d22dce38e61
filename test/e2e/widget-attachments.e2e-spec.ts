import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startTestApi } from '../support/test-api';
import { WidgetVisitorClient, createAgent, createWidgetInbox, createWorkspace } from '../support/widget-client';

const MAX_BYTES = 2048;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('IHDR-a-tiny-png'),
]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><script>alert(document.cookie)</script>');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

interface ShownMessage {
  id: string;
  author: string;
  content: string;
  replyTo: string | null;
  attachments?: Array<{ id: string; name: string; contentType: string; size: number; previewable: boolean }>;
}

/** Widget uploads and the console's downloads, against a booted api with real Postgres and Redis. */
describe('widget attachments', () => {
  let api: TestApi;
  let inboxKey: string;
  let agentToken: string;
  let outsiderToken: string;

  beforeAll(async () => {
    api = await startTestApi('widget-attachments', {
      ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      WIDGET_RATE_LIMIT_VISITOR: '4',
      WIDGET_RATE_LIMIT_IP: '100000',
    });
    const workspace = await createWorkspace(api, 'Files');
    inboxKey = (await createWidgetInbox(api, workspace.auth)).publicKey;
    agentToken = await signIn(workspace.auth, 'Ana');
    const other = await createWorkspace(api, 'Elsewhere');
    outsiderToken = await signIn(other.auth, 'Olga');
  });

  afterAll(() => api?.close());

  async function signIn(auth: string, name: string): Promise<string> {
    const agent = await createAgent(api, auth, name);
    const response = await request(api.url)
      .post('/v1/console/login')
      .send({ email: agent.email, password: 'a long enough password' })
      .expect(200);
    return response.body.token as string;
  }

  async function newVisitor(): Promise<WidgetVisitorClient> {
    const visitor = new WidgetVisitorClient(api, inboxKey);
    await visitor.session();
    return visitor;
  }

  function upload(
    visitor: WidgetVisitorClient,
    content: Buffer,
    query: Record<string, string> = {},
    contentType = 'application/octet-stream',
  ): request.Test {
    return request(api.url)
      .post(visitor.url('attachments'))
      .query(query)
      .set('Authorization', `Bearer ${visitor.token}`)
      .set('Content-Type', contentType)
      .send(content);
  }

  const consoleGet = (path: string, token = agentToken) =>
    request(api.url)
      .get(`/v1/console/${path}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          // A file stays bytes; an error is the usual JSON body.
          const json = /json/.test(String(response.headers['content-type']));
          done(null, json ? (JSON.parse(bytes.toString('utf8')) as unknown) : bytes);
        });
      });

  /** Streams `kilobytes` of PNG-looking bytes with no Content-Length, 1 KB a chunk, and returns the answer. */
  function chunkedUpload(visitor: WidgetVisitorClient, kilobytes: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const sent = httpRequest(`${api.url}${visitor.url('attachments')}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${visitor.token}`,
          'Content-Type': 'application/octet-stream',
          'Transfer-Encoding': 'chunked',
        },
      });
      sent.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      // The server may close the connection before every chunk is written: that is the point.
      sent.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      sent.write(PNG);
      for (let i = 0; i < kilobytes; i++) sent.write(Buffer.alloc(1024));
      sent.end();
    });
  }

  const history = async (visitor: WidgetVisitorClient): Promise<ShownMessage[]> =>
    (await visitor.get('messages').expect(200)).body.messages as ShownMessage[];

  it('stores an image as a customer message that lists the file, in the transcript too', async () => {
    const visitor = await newVisitor();
    const sent = await upload(visitor, PNG, { name: 'screenshot.png', clientMessageId: 'f-1' }).expect(202);
    expect(sent.body).toMatchObject({
      duplicate: false,
      message: {
        author: 'contact',
        content: 'screenshot.png',
        clientMessageId: 'f-1',
        attachments: [
          {
            id: expect.any(String),
            name: 'screenshot.png',
            contentType: 'image/png',
            size: PNG.length,
            previewable: true,
          },
        ],
      },
    });
    const shown = (await history(visitor)).find((message) => message.id === sent.body.message.id);
    expect(shown?.attachments).toEqual(sent.body.message.attachments);

    const retried = await upload(visitor, PNG, { name: 'screenshot.png', clientMessageId: 'f-1' }).expect(202);
    expect(retried.body).toMatchObject({ duplicate: true, message: { id: sent.body.message.id } });
  });

  it('leaves a file for the agents: the bot answers the next question but never the file', async () => {
    const visitor = await newVisitor();
    const file = await upload(visitor, PDF, { name: 'invoice.pdf' }).expect(202);
    const question = await visitor.send('Can someone look at my invoice?').expect(202);
    const messages = await eventually(
      async () => {
        const shown = await history(visitor);
        return shown.some((message) => message.author === 'bot' && message.replyTo === question.body.message.id)
          ? shown
          : undefined;
      },
      { what: "the bot's reply to the question after the file" },
    );
    expect(messages.filter((message) => message.replyTo === file.body.message.id)).toEqual([]);
  });

  it('refuses a file over ATTACHMENT_MAX_BYTES with 413 and stores nothing', async () => {
    const visitor = await newVisitor();
    const large = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
    const refused = await upload(visitor, large, { name: 'big.png' }).expect(413);
    expect(refused.body).toMatchObject({ statusCode: 413, code: 'attachment_too_large' });
    expect(refused.body.message).toContain(`${MAX_BYTES} bytes`);
    expect(await history(visitor)).toEqual([]);
  });

  it('refuses a chunked upload (no Content-Length) that grows past the limit, with 413', async () => {
    const visitor = await newVisitor();
    const answer = await chunkedUpload(visitor, 64);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'attachment_too_large' });
    expect(await history(visitor)).toEqual([]);
  });

  it.each([
    ['an HTML file named x.png and sent as image/png', HTML, 'x.png', 'image/png'],
    ['an SVG image', SVG, 'logo.svg', 'image/svg+xml'],
    ['a JSON body', Buffer.from('{"content":"hi"}'), 'x.json', 'application/json'],
  ])('refuses %s with 415 and stores nothing', async (_what, content, name, contentType) => {
    const visitor = await newVisitor();
    const refused = await upload(visitor, content, { name }, contentType).expect(415);
    expect(refused.body).toMatchObject({ statusCode: 415, code: 'attachment_type_unsupported' });
    expect(refused.body.message).toMatch(/JPEG, PNG, GIF and WebP images and PDF/);
    expect(await history(visitor)).toEqual([]);
  });

  it('refuses an empty file with 400', async () => {
    const visitor = await newVisitor();
    const refused = await upload(visitor, Buffer.alloc(0), { name: 'empty.png' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'attachment_empty' });
  });

  it("counts uploads in the visitor's rate limit, shared with messages: 429 with Retry-After", async () => {
    const visitor = await newVisitor();
    for (let i = 0; i < 4; i++) await upload(visitor, PNG, { name: `p${i}.png` }).expect(202);
    const limited = await upload(visitor, PNG, { name: 'one-too-many.png' }).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await visitor.send('and a message').expect(429);
    expect((await history(visitor)).filter((message) => message.attachments)).toHaveLength(4);
  });

  it('needs a visitor token', async () => {
    await request(api.url)
      .post(`/v1/widget/${inboxKey}/attachments`)
      .set('Content-Type', 'application/octet-stream')
      .send(PNG)
      .expect(401);
  });

  describe('in the console', () => {
    let visitor: WidgetVisitorClient;
    let image: { messageId: string; attachmentId: string };
    let pdf: { messageId: string; attachmentId: string };

    beforeAll(async () => {
      visitor = await newVisitor();
      const sentImage = await upload(visitor, PNG, { name: 'broken "box".png' }).expect(202);
      const sentPdf = await upload(visitor, PDF, { name: 'receipt.pdf' }).expect(202);
      image = { messageId: sentImage.body.message.id, attachmentId: sentImage.body.message.attachments[0].id };
      pdf = { messageId: sentPdf.body.message.id, attachmentId: sentPdf.body.message.attachments[0].id };
    });

    const filePath = (attachmentId: string, conversationId = visitor.conversationId) =>
      `conversations/${conversationId}/attachments/${attachmentId}`;

    it("lists the files on the customer's messages of the conversation", async () => {
      const detail = await request(api.url)
        .get(`/v1/console/conversations/${visitor.conversationId}`)
        .set('Authorization', `Bearer ${agentToken}`)
        .expect(200);
      const byId = new Map((detail.body.messages as ShownMessage[]).map((message) => [message.id, message]));
      expect(byId.get(image.messageId)?.attachments).toEqual([
        {
          id: image.attachmentId,
          name: 'broken _box_.png',
          contentType: 'image/png',
          size: PNG.length,
          previewable: true,
        },
      ]);
      expect(byId.get(pdf.messageId)?.attachments?.[0]).toMatchObject({
        contentType: 'application/pdf',
        previewable: false,
      });
    });

    it('downloads a file with its sniffed type, as an attachment, never to be rendered or sniffed', async () => {
      const response = await consoleGet(filePath(image.attachmentId)).expect(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''broken%20_box_.png`);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(Buffer.compare(response.body as Buffer, PNG)).toBe(0);

      const document = await consoleGet(filePath(pdf.attachmentId)).expect(200);
      expect(document.headers['content-type']).toBe('application/pdf');
      expect(document.headers['content-disposition']).toMatch(/^attachment;/);
      expect(Buffer.compare(document.body as Buffer, PDF)).toBe(0);
    });

    it('previews images inline, and only images', async () => {
      const preview = await consoleGet(`${filePath(image.attachmentId)}/preview`).expect(200);
      expect(preview.headers['content-type']).toBe('image/png');
      expect(preview.headers['content-disposition']).toMatch(/^inline;/);
      expect(preview.headers['x-content-type-options']).toBe('nosniff');
      expect(preview.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
      await consoleGet(`${filePath(pdf.attachmentId)}/preview`).expect(404);
    });

    it("answers 404 to another workspace's agent, and for another conversation's path", async () => {
      await consoleGet(filePath(image.attachmentId), outsiderToken).expect(404);
      await consoleGet(`${filePath(image.attachmentId)}/preview`, outsiderToken).expect(404);
      const other = await newVisitor();
      await consoleGet(filePath(image.attachmentId, other.conversationId)).expect(404);
      await consoleGet(filePath('not-an-id')).expect(404);
    });

    it('needs an agent session', async () => {
      await request(api.url)
        .get(`/v1/console/${filePath(image.attachmentId)}`)
        .expect(401);
    });
  });
});
