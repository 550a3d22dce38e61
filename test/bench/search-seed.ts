// The conversation-search corpus: a workspace with `messages` messages over realistic support conversations (doc2dial
// customer turns and help-page sentences in English, with one conversation in five in German, Spanish, French or
// Portuguese), tickets with labels on a third of them, and a second workspace of noise. Written in bulk SQL: a
// benchmark fixture, not the product's write path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

export interface SearchCorpus {
  agentIds: string[];
  contactIds: string[];
  /** Texts of the corpus's customer messages, to draw queries from. */
  samples: string[];
  messages: number;
  conversations: number;
  /** First and last message time. */
  span: { from: Date; to: Date };
}

const MESSAGES_PER_CONVERSATION = 10;
const BATCH = 5_000;
const OWNERS = ['bot', 'queued', 'agent', 'resolved'] as const;
const CHANNELS = ['widget', 'email', 'slack'] as const;
const URGENCIES = ['low', 'normal', 'high'] as const;
const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
const TOPICS = ['billing', 'shipping', 'account', 'benefits', 'licence'];
const DAY = 86_400_000;

const FOREIGN: Record<string, string[]> = {
  de: [
    'Ich habe meine Rechnung doppelt bezahlt und möchte eine Rückerstattung',
    'Mein Paket ist noch nicht angekommen, die Lieferung ist verspätet',
    'Wie kann ich mein Passwort zurücksetzen? Das Konto ist gesperrt',
    'Die Bestellung wurde storniert, aber das Geld ist nicht zurück',
    'Können Sie mir bitte die Kündigung meines Vertrags bestätigen?',
  ],
  es: [
    'Me cobraron dos veces la factura y quiero un reembolso',
    'Mi paquete no ha llegado, el envío está retrasado',
    '¿Cómo puedo restablecer mi contraseña? La cuenta está bloqueada',
    'El pedido fue cancelado pero no me devolvieron el dinero',
    '¿Pueden confirmar la cancelación de mi suscripción, por favor?',
  ],
  fr: [
    "J'ai payé ma facture deux fois et je voudrais un remboursement",
    "Mon colis n'est pas arrivé, la livraison est en retard",
    'Comment réinitialiser mon mot de passe ? Le compte est bloqué',
    "La commande a été annulée mais je n'ai pas été remboursé",
    "Pouvez-vous confirmer la résiliation de mon abonnement s'il vous plaît ?",
  ],
  pt: [
    'Paguei a fatura duas vezes e quero um reembolso',
    'Minha encomenda não chegou, a entrega está atrasada',
    'Como posso redefinir minha senha? A conta está bloqueada',
    'O pedido foi cancelado mas o dinheiro não foi devolvido',
    'Vocês podem confirmar o cancelamento da minha assinatura?',
  ],
};

/** A small deterministic generator: the same corpus every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function readTexts(datasets: string): { customer: string[]; agent: string[] } {
  const customer: string[] = [];
  const agent: string[] = [];
  for (const line of readFileSync(join(datasets, 'doc2dial-multiturn', 'questions.dev.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { question: string; history: Array<{ role: string; text: string }> };
    customer.push(row.question);
    for (const turn of row.history) (turn.role === 'customer' ? customer : agent).push(turn.text);
  }
  for (const line of readFileSync(join(datasets, 'doc2dial', 'documents.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const sentences = (JSON.parse(line) as { text: string }).text.split(/(?<=[.!?])\s+/);
    agent.push(...sentences.filter((sentence) => sentence.length > 30 && sentence.length < 400));
  }
  return { customer, agent };
}

export async function seedSearchCorpus(
  dataSource: DataSource,
  options: { workspaceId: string; messages: number; datasets: string },
): Promise<SearchCorpus> {
  const { workspaceId } = options;
  const next = random(16);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const texts = readTexts(options.datasets);
  const noiseWorkspaceId = await noiseWorkspace(dataSource);
  const inboxes = await insertInboxes(dataSource, workspaceId);
  const agentIds = await insertAgents(dataSource, workspaceId, 8);
  const conversations = Math.ceil(options.messages / MESSAGES_PER_CONVERSATION);
  const to = new Date('2026-06-01T00:00:00Z');
  const from = new Date(to.getTime() - 365 * DAY);
  const contactIds: string[] = [];
  let written = 0;
  for (let first = 0; first < conversations; first += BATCH / MESSAGES_PER_CONVERSATION) {
    const count = Math.min(BATCH / MESSAGES_PER_CONVERSATION, conversations - first);
    const rows = Array.from({ length: count }, () => {
      const owner = pick(OWNERS);
      const startedAt = new Date(from.getTime() + next() * (to.getTime() - from.getTime() - DAY));
      const language = next() < 0.2 ? pick(Object.keys(FOREIGN)) : 'en';
      return {
        owner,
        startedAt,
        language,
        assignee: owner === 'agent' || owner === 'resolved' ? pick(agentIds) : null,
      };
    });
    const ids = await insertConversations(dataSource, workspaceId, inboxes, rows, pick);
    contactIds.push(...ids.map((row) => row.contactId));
    const messages = ids.flatMap((conversation, index) =>
      Array.from({ length: MESSAGES_PER_CONVERSATION }, (_, turn) => {
        const customer = turn % 2 === 0;
        const note = !customer && next() < 0.08;
        const foreign = rows[index].language !== 'en' && customer;
        const content = foreign
          ? pick(FOREIGN[rows[index].language])
          : note
            ? `Internal note: ${pick(texts.customer)}`
            : pick(customer ? texts.customer : texts.agent);
        return {
          conversationId: conversation.id,
          author: customer ? 'contact' : note || next() < 0.5 ? 'agent' : 'bot',
          direction: customer ? 'incoming' : 'outgoing',
          content,
          private: note,
          createdAt: new Date(rows[index].startedAt.getTime() + turn * 90_000),
        };
      }),
    );
    await insertMessages(dataSource, workspaceId, messages.slice(0, options.messages - written));
    written += Math.min(messages.length, options.messages - written);
    await insertTickets(dataSource, workspaceId, ids, rows, next, pick);
  }
  await seedNoise(dataSource, noiseWorkspaceId, texts.customer, pick);
  await dataSource.query('ANALYZE');
  return {
    agentIds,
    contactIds,
    samples: [...texts.customer, ...Object.values(FOREIGN).flat()],
    messages: written,
    conversations,
    span: { from, to },
  };
}

async function noiseWorkspace(dataSource: DataSource): Promise<string> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO workspaces (name, settings) VALUES ('Search bench noise', '{}') RETURNING id`,
  );
  return rows[0].id;
}

async function insertInboxes(dataSource: DataSource, workspaceId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO inboxes ("workspaceId", name, channel, "publicKey")
     SELECT $1, channel, channel, 'bench_' || channel || '_' || md5(random()::text) FROM unnest($2::text[]) AS channel
     RETURNING id`,
    [workspaceId, CHANNELS],
  );
  return rows.map((row) => row.id);
}

async function insertAgents(dataSource: DataSource, workspaceId: string, count: number): Promise<string[]> {
  const rows: Array<{ id: string }> = await dataSource.query(
    `INSERT INTO agents ("workspaceId", email, name)
     SELECT $1, 'agent' || n || '@bench.test', 'Agent ' || n FROM generate_series(1, $2) AS n RETURNING id`,
    [workspaceId, count],
  );
  return rows.map((row) => row.id);
}

async function insertConversations(
  dataSource: DataSource,
  workspaceId: string,
  inboxes: string[],
  rows: Array<{ owner: string; startedAt: Date; assignee: string | null }>,
  pick: <T>(values: readonly T[]) => T,
): Promise<Array<{ id: string; contactId: string }>> {
  return dataSource.query(
    `WITH input AS (
       SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::uuid[], $5::uuid[]) WITH ORDINALITY
         AS t(owner, "startedAt", assignee, inbox, n)
     ), contact AS (
       INSERT INTO contacts ("workspaceId", name, email)
       SELECT $1, 'Customer ' || n, 'customer' || n || '-' || md5(random()::text) || '@example.test' FROM input
       RETURNING id
     ), numbered AS (SELECT id, row_number() OVER () AS n FROM contact)
     INSERT INTO conversations ("workspaceId", "inboxId", "contactId", owner, "assigneeId", version, "createdAt", "lastActivityAt")
     SELECT $1, input.inbox, numbered.id, input.owner, input.assignee, 1, input."startedAt", input."startedAt"
     FROM input JOIN numbered USING (n)
     RETURNING id, "contactId"`,
    [
      workspaceId,
      rows.map((row) => row.owner),
      rows.map((row) => row.startedAt),
      rows.map((row) => row.assignee),
      rows.map(() => pick(inboxes)),
    ],
  );
}

async function insertMessages(
  dataSource: DataSource,
  workspaceId: string,
  messages: Array<{
    conversationId: string;
    author: string;
    direction: string;
    content: string;
    private: boolean;
    createdAt: Date;
  }>,
): Promise<void> {
  if (messages.length === 0) return;
  await dataSource.query(
    `INSERT INTO messages ("workspaceId", "conversationId", author, direction, content, private, "createdAt")
     SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[])`,
    [
      workspaceId,
      messages.map((message) => message.conversationId),
      messages.map((message) => message.author),
      messages.map((message) => message.direction),
      messages.map((message) => message.content),
      messages.map((message) => message.private),
      messages.map((message) => message.createdAt),
    ],
  );
}

/** A labelled ticket for one conversation in three. */
async function insertTickets(
  dataSource: DataSource,
  workspaceId: string,
  conversations: Array<{ id: string }>,
  rows: Array<{ language: string; startedAt: Date }>,
  next: () => number,
  pick: <T>(values: readonly T[]) => T,
): Promise<void> {
  const ticketed = conversations.flatMap((conversation, index) => (next() < 0.33 ? [{ conversation, index }] : []));
  await dataSource.query(
    `INSERT INTO tickets ("workspaceId", "conversationId", reason, status, topic, urgency, sentiment, language, "labelSource", "createdAt")
     SELECT $1, conversation, 'customer_asked', 'open', topic, urgency, sentiment, language, 'rules', "createdAt"
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
       AS t(conversation, topic, urgency, sentiment, language, "createdAt")`,
    [
      workspaceId,
      ticketed.map((row) => row.conversation.id),
      ticketed.map(() => pick(TOPICS)),
      ticketed.map(() => pick(URGENCIES)),
      ticketed.map(() => pick(SENTIMENTS)),
      ticketed.map((row) => rows[row.index].language),
      ticketed.map((row) => rows[row.index].startedAt),
    ],
  );
}

/** Another tenant's conversations with the same words: the search must read past them, and never return them. */
async function seedNoise(
  dataSource: DataSource,
  workspaceId: string,
  texts: string[],
  pick: <T>(values: readonly T[]) => T,
): Promise<void> {
  const [inbox] = await insertInboxes(dataSource, workspaceId);
  const ids = await insertConversations(
    dataSource,
    workspaceId,
    [inbox],
    Array.from({ length: 500 }, () => ({ owner: 'bot', startedAt: new Date('2026-01-01T00:00:00Z'), assignee: null })),
    pick,
  );
  const messages = ids.flatMap((conversation) =>
    Array.from({ length: 10 }, (_, turn) => ({
      conversationId: conversation.id,
      author: 'contact',
      direction: 'incoming',
      content: pick(texts),
      private: false,
      createdAt: new Date(Date.UTC(2026, 0, 1) + turn * 60_000),
    })),
  );
  await insertMessages(dataSource, workspaceId, messages);
}
