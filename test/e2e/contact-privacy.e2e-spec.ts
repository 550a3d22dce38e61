import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  AnswerTrace,
  ContactErasure,
  ContactInbox,
  Conversation,
  CsatRating,
  FineTuningExport,
  LlmCall,
  Message,
  Ticket,
  WebhookDelivery,
  WorkspaceId,
} from '@switchboard/database';
import { OpenAiDouble } from '@switchboard/llm/testing';
import { QueueProducer } from '@switchboard/queue';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { eventually } from '../support/eventually';
import { SmtpSink } from '../support/smtp-sink';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { WebhookReceiver } from '../support/webhook-receiver';
import { WidgetVisitorClient, addKnowledge, createWidgetInbox, createWorkspace } from '../support/widget-client';

const SUPPORT = 'help@privacy.test';
const tag = (label: string): string => `ZQX${label}${randomBytes(5).toString('hex')}`;

/** Strings that belong to one contact only: nothing of an erased contact may contain one. */
interface Person {
  name: string;
  email: string;
  widgetQuestion: string;
  handoffRequest: string;
  mailBody: string;
  /** The text of the file attached to their e-mail. */
  attachment: string;
  /** Bytes inside the image they attached in the widget. */
  widgetFile: string;
  /** Their comment when rating the conversation. */
  ratingComment: string;
  markers: string[];
}

function person(label: string): Person {
  const [nameMarker, question, handoff, mail, file, image, rating] = ['N', 'W', 'H', 'E', 'F', 'I', 'R'].map((kind) =>
    tag(`${label}${kind}`),
  );
  return {
    name: `Ada ${nameMarker}`,
    email: `${tag(label).toLowerCase()}@customer.test`,
    widgetQuestion: `When will the refund for my returned shoes reach my card? ${question}`,
    handoffRequest: `I want to talk to a human about order ${handoff}`,
    mailBody: `How many working days does standard shipping take to arrive? ${mail}`,
    attachment: `Receipt for order ${file}`,
    widgetFile: image,
    ratingComment: `Quick and kind ${rating}`,
    markers: [nameMarker, question, handoff, mail, file, image, rating],
  };
}

describe('a contact’s export and erasure (GET /v1/contacts/:id/export, DELETE /v1/contacts/:id)', () => {
  let llm: OpenAiDouble;
  let sink: SmtpSink;
  const receiver = new WebhookReceiver();
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let redis: Redis;
  let workspace: { id: WorkspaceId; auth: string };
  let other: { id: WorkspaceId; auth: string };
  let widgetInbox: { id: string; publicKey: string };
  let mailInbox: { id: string; publicKey: string; secret: string };
  const ada = person('ADA');
  const bob = person('BOB');
  let adaId: string;
  let bobId: string;
  let adaConversations: string[];

  beforeAll(async () => {
    llm = await OpenAiDouble.start({
      respond: (body) => {
        const system = JSON.stringify(body.messages[0]?.content ?? '');
        const last = JSON.stringify(body.messages[body.messages.length - 1]?.content ?? '');
        if (system.includes('check answers for grounding')) return { text: '{"grounded": true}' };
        if (system.includes('Classify the support request')) {
          return { text: '{"topic": null, "urgency": "normal", "sentiment": "neutral", "language": "en"}' };
        }
        // The model quotes the customer: its completions hold their words too.
        return { text: `About "${last.slice(-200)}": refunds reach your card within five working days [1].` };
      },
      tokenIntervalMs: 1,
    });
    sink = await SmtpSink.start();
    await receiver.start();
    environment = await createTestEnvironment('privacy', {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_MODEL: 'gpt-4o-mini',
      OPENAI_SMALL_MODEL: 'gpt-4o-mini',
      SMTP_OUTBOUND_URL: sink.url,
      EMAIL_DOMAIN: 'sb.test',
      CRAWL_ALLOW_PRIVATE_NETWORKS: 'true',
    });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
    redis = new Redis(api.config.redis.url);
    workspace = await createWorkspace(api, 'Privacy', { confidenceThreshold: 0.1 });
    other = await createWorkspace(api, 'Someone else');
    widgetInbox = await createWidgetInbox(api, workspace.auth);
    const mail = await request(api.url)
      .post('/v1/inboxes')
      .set('Authorization', workspace.auth)
      .send({ name: 'Mail', channel: 'email', settings: { address: SUPPORT, fromName: 'Support' } })
      .expect(201);
    mailInbox = { ...mail.body.inbox, secret: mail.body.webhookSecret };
    await request(api.url)
      .post('/v1/webhooks')
      .set('Authorization', workspace.auth)
      .send({ url: receiver.url('/hook'), events: ['message.created', 'ticket.opened'] })
      .expect(201);
    await addKnowledge(api, workspace.auth, [
      {
        id: 'refunds',
        title: 'Refunds',
        text: '# Refunds\n\nRefunds reach your card within five working days. Standard shipping takes three to five working days.',
      },
    ]);
    adaId = await talk(ada);
    bobId = await talk(bob);
    adaConversations = (await dataSource.getRepository(Conversation).findBy({ contactId: adaId })).map((c) => c.id);
    await settled(adaConversations);
    await settled((await dataSource.getRepository(Conversation).findBy({ contactId: bobId })).map((c) => c.id));
  }, 180_000);

  afterAll(async () => {
    redis?.disconnect();
    await worker?.close();
    await api?.close();
    await environment?.destroy();
    await receiver.stop();
    await sink?.close();
    await llm?.close();
  });

  /** The person asks in the widget, asks for a human, then writes an e-mail to the same contact; returns its id. */
  async function talk(who: Person): Promise<string> {
    const visitor = new WidgetVisitorClient(api, widgetInbox.publicKey);
    await visitor.session({ name: who.name, email: who.email });
    await visitor.ask(who.widgetQuestion);
    await attachImage(visitor, who);
    await visitor.send(who.handoffRequest).expect(202);
    const { contactId } = await dataSource.getRepository(Conversation).findOneByOrFail({ id: visitor.conversationId });
    await dataSource.getRepository(CsatRating).insert({
      workspaceId: workspace.id,
      conversationId: visitor.conversationId,
      contactId,
      score: 5,
      comment: who.ratingComment,
      channel: 'widget',
      agentId: null,
      submittedAt: new Date(),
    });
    await eventually(() => dataSource.getRepository(Ticket).findOneBy({ conversationId: visitor.conversationId }), {
      what: 'the ticket of the handoff',
    });
    // The same person by e-mail: their mail address is an identity of the contact in the mail inbox.
    await dataSource.getRepository(ContactInbox).insert({
      workspaceId: workspace.id,
      contactId,
      inboxId: mailInbox.id,
      sourceId: who.email,
    });
    const raw = [
      `From: ${who.name} <${who.email}>`,
      `To: ${SUPPORT}`,
      `Subject: Shipping`,
      `Message-ID: <${tag('mid')}@customer.test>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      who.mailBody,
      '--b1',
      'Content-Type: text/plain; name="receipt.txt"',
      'Content-Disposition: attachment; filename="receipt.txt"',
      '',
      who.attachment,
      '--b1--',
      '',
    ].join('\r\n');
    await request(api.url)
      .post(`/v1/email/${mailInbox.publicKey}/inbound`)
      .set('Authorization', `Bearer ${mailInbox.secret}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw)
      .expect(202);
    await sink.next((mail) => mail.recipients.includes(who.email), `the answer to ${who.email}`);
    return contactId;
  }

  /** A PNG from the widget's paperclip, its bytes and file name holding the person's marker. */
  async function attachImage(visitor: WidgetVisitorClient, who: Person): Promise<void> {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(who.widgetFile),
    ]);
    await request(api.url)
      .post(visitor.url('attachments'))
      .query({ name: `photo-${who.widgetFile}.png` })
      .set('Authorization', `Bearer ${visitor.token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(png)
      .expect(202);
  }

  /** Everything the turns started has finished: traces and LLM calls logged, webhooks delivered. */
  async function settled(conversationIds: string[]): Promise<void> {
    await eventually(
      async () => {
        const traced = await dataSource.getRepository(AnswerTrace).countBy({ conversationId: In(conversationIds) });
        const calls = await dataSource.getRepository(LlmCall).countBy({ conversationId: In(conversationIds) });
        const pending = await dataSource.getRepository(WebhookDelivery).countBy({ status: 'pending' });
        return traced >= 2 && calls >= 4 && pending === 0;
      },
      { what: 'the turns to settle', timeoutMs: 60_000 },
    );
  }

  const needlesOf = (who: Person, contactId: string): string[] => [...who.markers, who.email, contactId];

  /** Every (table, column) whose text holds the needle, over every column of every table. */
  async function tablesHolding(needle: string): Promise<string[]> {
    const columns: Array<{ table_name: string; column_name: string }> = await dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const [{ hits }] = await dataSource.query(
        `SELECT count(*)::int AS hits FROM "${table}" WHERE "${column}"::text ILIKE '%' || $1 || '%'`,
        [needle],
      );
      if (hits > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  /** Every Redis key (of any test) whose name or value holds the needle. */
  async function redisKeysHolding(needles: string[]): Promise<string[]> {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const text = `${key} ${await redisValue(key)}`.toLowerCase();
        if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push(key);
      }
    } while (cursor !== '0');
    return found;
  }

  async function redisValue(key: string): Promise<string> {
    const type = await redis.type(key);
    const read: Record<string, () => Promise<unknown>> = {
      string: () => redis.get(key),
      hash: () => redis.hgetall(key),
      list: () => redis.lrange(key, 0, -1),
      set: () => redis.smembers(key),
      zset: () => redis.zrange(key, 0, -1),
      stream: () => redis.xrange(key, '-', '+'),
    };
    return JSON.stringify((await read[type]?.().catch(() => null)) ?? null);
  }

  /** Files under the data directory (blobs, vector store) whose bytes hold the needle. */
  async function filesHolding(needles: string[]): Promise<string[]> {
    const files = (await readdir(environment.dataDir, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    );
    const found: string[] = [];
    for (const file of files) {
      const path = join(file.parentPath, file.name);
      const text = (await readFile(path)).toString('latin1').toLowerCase();
      if (needles.some((needle) => text.includes(needle.toLowerCase()))) found.push(path);
    }
    return found;
  }

  it('exports everything held about the contact as a JSON attachment, and nothing of anyone else', async () => {
    const response = await request(api.url)
      .get(`/v1/contacts/${adaId}/export`)
      .set('Authorization', workspace.auth)
      .expect(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="contact-${adaId}.json"`);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = JSON.parse(response.text);
    expect(document).toMatchObject({ format: 'switchboard.contact-export', version: 1, contactId: adaId });
    const { conversations, tickets, answerTraces, llmCalls, webhookDeliveries } = document.sections;
    expect(conversations.contact).toMatchObject({ id: adaId, name: ada.name, email: ada.email });
    expect(conversations.conversations).toHaveLength(2);
    const contents = conversations.messages.map((message: { content: string }) => message.content).join('\n');
    for (const marker of ada.markers.slice(1, 4)) expect(contents).toContain(marker);
    expect(document.sections.emailAttachments).toEqual([
      expect.objectContaining({ name: 'receipt.txt', contentType: 'text/plain' }),
    ]);
    const [attachment] = document.sections.emailAttachments;
    expect(Buffer.from(attachment.contentBase64, 'base64').toString('utf8')).toContain(ada.markers[4]);
    const [image] = document.sections.widgetAttachments;
    expect(image).toMatchObject({ contentType: 'image/png', fileName: `photo-${ada.widgetFile}.png` });
    expect(Buffer.from(image.contentBase64, 'base64').toString('latin1')).toContain(ada.widgetFile);
    expect(document.sections.csatRatings).toEqual([expect.objectContaining({ score: 5, comment: ada.ratingComment })]);
    expect(tickets.tickets.length).toBeGreaterThanOrEqual(1);
    expect(answerTraces.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(llmCalls)).toContain(ada.markers[1]);
    expect(webhookDeliveries.length).toBeGreaterThan(0);
    expect(response.text).not.toContain(bob.markers[1]);
  });

  it('answers 404 to another workspace, for export and for erasure, and erases nothing', async () => {
    await request(api.url).get(`/v1/contacts/${adaId}/export`).set('Authorization', other.auth).expect(404);
    await request(api.url).delete(`/v1/contacts/${adaId}`).set('Authorization', other.auth).expect(404);
    await request(api.url).get('/v1/contacts/not-a-uuid/export').set('Authorization', workspace.auth).expect(404);
    expect(await dataSource.getRepository(Message).countBy({ conversationId: In(adaConversations) })).toBeGreaterThan(
      0,
    );
  });

  it('erases the contact from every table, Redis and the data directory, keeps another contact, and records it', async () => {
    // A dataset built after Ada wrote may quote her, and a job still waits to deliver one of her messages.
    const dataset = await dataSource.getRepository(FineTuningExport).save({
      workspaceId: workspace.id,
      seed: 1,
      trainJsonl: `{"messages":[{"role":"user","content":"${ada.markers[1]}"}]}\n`,
      validationJsonl: '',
      report: {} as FineTuningExport['report'],
    });
    const waitingJob = tag('job');
    await api.app
      .get(QueueProducer)
      .enqueue(
        'outbound.deliver-message',
        { workspaceId: workspace.id, conversationId: adaConversations[0], messageId: adaId },
        { delay: 3_600_000, jobId: waitingJob },
      );
    const waitingJobKey = `${api.config.queue.prefix}:outbound:${waitingJob}`;
    expect(await redis.exists(waitingJobKey)).toBe(1);
    // The job names the contact's id and the blob holds their file, so the scans below would find them if left.
    expect(await redisKeysHolding([adaId])).not.toEqual([]);
    expect(await filesHolding([ada.markers[4]])).toHaveLength(1);
    expect(await filesHolding([ada.widgetFile])).toHaveLength(1);

    const erased = await request(api.url)
      .delete(`/v1/contacts/${adaId}`)
      .set('Authorization', workspace.auth)
      .expect(200);

    expect(erased.body.counts).toMatchObject({
      contacts: 1,
      contactIdentities: 2,
      conversations: 2,
      fineTuningDatasets: 1,
    });
    expect(erased.body.counts.tickets).toBeGreaterThanOrEqual(1);
    expect(erased.body.counts.messages).toBeGreaterThanOrEqual(4);
    expect(erased.body.counts.llmCalls).toBeGreaterThanOrEqual(4);
    expect(erased.body.counts.queuedJobs).toBeGreaterThanOrEqual(1);
    expect(erased.body.counts.emailAttachments).toBe(1);
    expect(erased.body.counts.widgetAttachments).toBe(1);
    expect(erased.body.counts.csatRatings).toBe(1);
    for (const needle of needlesOf(ada, adaId)) {
      expect({ needle, tables: await tablesHolding(needle) }).toEqual({ needle, tables: [] });
    }
    expect(await redisKeysHolding(needlesOf(ada, adaId))).toEqual([]);
    expect(await redis.exists(waitingJobKey)).toBe(0);
    expect(await filesHolding(needlesOf(ada, adaId))).toEqual([]);
    expect(await dataSource.getRepository(FineTuningExport).findOneBy({ id: dataset.id })).toBeNull();

    // Bob, in the same workspace and inboxes, keeps all he had.
    for (const marker of bob.markers.slice(1, 4)) expect(await tablesHolding(marker)).toContain('messages.content');
    expect(await filesHolding([bob.markers[4]])).toHaveLength(1);
    expect(await filesHolding([bob.widgetFile])).toHaveLength(1);
    expect(await tablesHolding(bob.ratingComment)).toEqual(['csat_ratings.comment']);
    expect(await tablesHolding(bob.markers[1])).toEqual(expect.arrayContaining(['answer_traces.question']));
    expect(await tablesHolding(bob.markers[1])).toEqual(expect.arrayContaining(['llm_calls.prompt']));
    await request(api.url).get(`/v1/contacts/${bobId}/export`).set('Authorization', workspace.auth).expect(200);

    const [record] = await dataSource.getRepository(ContactErasure).findBy({ workspaceId: workspace.id });
    expect(record).toMatchObject({ id: erased.body.erasureId, counts: erased.body.counts });
    expect(record.requestedBy).toMatch(/^api-key:[0-9a-f-]{36}$/);
  });

  it('answers 404 to a second erasure and to an export of the erased contact', async () => {
    await request(api.url).delete(`/v1/contacts/${adaId}`).set('Authorization', workspace.auth).expect(404);
    await request(api.url).get(`/v1/contacts/${adaId}/export`).set('Authorization', workspace.auth).expect(404);
    expect(await dataSource.getRepository(ContactErasure).countBy({ workspaceId: workspace.id })).toBe(1);
  });
});
