import { Visibility, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { tokenize } from '@switchboard/vector-store';
import { ConversationTurn } from '../answer.types';
import { CalibrationModel, predictConfidence } from '../confidence/calibration-model';
import {
  CERTAIN_FOLLOWUP,
  ConversationRetriever,
  FOLLOWUP_GATE,
  FOLLOWUP_THRESHOLD,
  REPLY_LEAD_CHARS,
  hedged,
  leadOf,
} from './conversation-retriever';
import { LexicalEvidence } from './lexical-evidence';
import { RankedCandidate, RetrieveOptions, Retrieval, Retriever } from './retriever';

const WORKSPACE = asWorkspaceId('0d7c3b9e-8a51-4f26-b1d4-6e2a9c0f7b35');
const VISIBILITY: Visibility[] = ['public'];

let nextChunk = 0;

function candidate(documentId: string, text: string, cosine: number): RankedCandidate {
  nextChunk += 1;
  return {
    hit: {
      chunk: {
        id: `chunk-${nextChunk}`,
        workspaceId: WORKSPACE,
        sourceId: 'source-1',
        documentId,
        visibility: 'public',
        title: '',
        headingPath: [],
        text,
        url: null,
        position: 0,
        contentHash: `hash-${nextChunk}`,
      },
      score: 1 / 61,
      denseRank: 1,
      lexicalRank: 1,
      cosine,
    },
    score: 1,
    coverage: 0,
    titleCoverage: 0,
    bm25: 0,
    injection: 0,
    terms: tokenize(text),
  };
}

function retrieval(query: string, candidates: RankedCandidate[]): Retrieval {
  return {
    queryTerms: tokenize(query),
    candidates,
    evidence: new LexicalEvidence(candidates.map((c) => c.terms)),
    queryVector: [1, 0],
  };
}

interface RetrieveCall {
  workspaceId: WorkspaceId;
  query: string;
  visibility: Visibility[];
  documentIds?: string[];
  /** What the dense side embeds, when it is not the query. */
  denseText?: string;
}

/** Answers with the retrieval registered for a query (and document restriction); an empty one otherwise. */
class FakeRetriever {
  readonly calls: RetrieveCall[] = [];
  private readonly answers = new Map<string, Retrieval>();

  on(query: string, result: Retrieval, documentIds?: string[]): this {
    this.answers.set(FakeRetriever.key(query, documentIds), result);
    return this;
  }

  async retrieve(
    workspaceId: WorkspaceId,
    query: string,
    visibility: Visibility[],
    { documentIds, denseText = query }: RetrieveOptions = {},
  ): Promise<Retrieval> {
    this.calls.push({
      workspaceId,
      query,
      visibility,
      ...(documentIds ? { documentIds } : {}),
      ...(denseText !== query ? { denseText } : {}),
    });
    return this.answers.get(FakeRetriever.key(query, documentIds)) ?? retrieval(query, []);
  }

  private static key(query: string, documentIds?: string[]): string {
    return `${(documentIds ?? []).join(',')}|${query}`;
  }
}

/** Says "follow-up" (p = σ(2) ≈ 0.88) exactly when the question refers back, "new subject" (σ(-2)) otherwise. */
const REFERS_BACK_GATE: CalibrationModel = {
  version: 1,
  features: ['context_refers_back'],
  mean: [0],
  std: [1],
  weights: [4],
  bias: -2,
  fittedOn: {},
};
const FOLLOWUP_P = 1 / (1 + Math.exp(-2));
const NEW_SUBJECT_P = 1 / (1 + Math.exp(2));

const CUSTOMER = 'Can I pause my subscription?';
const REPLY = 'Yes, you can pause your subscription for up to three months.';
const HISTORY: ConversationTurn[] = [
  { role: 'customer', text: CUSTOMER },
  { role: 'bot', text: REPLY, documentIds: ['pause', 'billing'] },
];
const SAID = `${CUSTOMER}\n${REPLY}`;
const FOLLOWUP = 'How much does it cost?';
const NEW_SUBJECT = 'Where is my parcel?';

function setUp(gate: CalibrationModel = REFERS_BACK_GATE) {
  const fake = new FakeRetriever();
  const retriever = new ConversationRetriever(fake as unknown as Retriever, gate);
  return { fake, retriever };
}

describe('ConversationRetriever: a first question', () => {
  it('retrieves for the question alone, once, without restricting documents', async () => {
    const { fake, retriever } = setUp();
    const alone = retrieval(NEW_SUBJECT, [candidate('shipping', 'Parcels arrive within five days.', 0.7)]);
    fake.on(NEW_SUBJECT, alone);
    const result = await retriever.retrieve(WORKSPACE, NEW_SUBJECT, [], VISIBILITY);
    expect(fake.calls).toEqual([{ workspaceId: WORKSPACE, query: NEW_SUBJECT, visibility: VISIBILITY }]);
    expect(result.retrieval).toBe(alone);
  });

  it('records that no context was used', async () => {
    const { retriever } = setUp();
    const result = await retriever.retrieve(WORKSPACE, NEW_SUBJECT, [], VISIBILITY);
    expect(result.features).toEqual({ context_used: 0, context_followup: 0, context_top_in_conversation_document: 0 });
  });

  it("returns the question's own terms", async () => {
    const { retriever } = setUp();
    const result = await retriever.retrieve(WORKSPACE, NEW_SUBJECT, [], VISIBILITY);
    expect(result.questionTerms).toEqual(tokenize(NEW_SUBJECT));
  });
});

describe('ConversationRetriever: a later question', () => {
  function registered(fake: FakeRetriever, question: string) {
    const alone = retrieval(question, [candidate('shipping', 'Parcels arrive within five days.', 0.6)]);
    const inContext = retrieval(`${question}\n${SAID}`, [
      candidate('pause', 'Pausing costs nothing for up to three months.', 0.8),
    ]);
    fake.on(question, alone).on(`${question}\n${SAID}`, inContext);
    return { alone, inContext };
  }

  it('returns the in-context retrieval when the gate says follow-up', async () => {
    const { fake, retriever } = setUp();
    const { inContext } = registered(fake, FOLLOWUP);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.retrieval).toBe(inContext);
  });

  it('searches in context with the question, the previous customer turn and the reply', async () => {
    const { fake, retriever } = setUp();
    registered(fake, FOLLOWUP);
    await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(fake.calls.map((call) => call.query)).toContain(`${FOLLOWUP}\n${CUSTOMER}\n${REPLY}`);
  });

  it('embeds the lead of a long reply for the dense side, while the lexical side reads all of it', async () => {
    const { fake, retriever } = setUp();
    const longReply = `${REPLY} ${'Your plan, your bike and your helmet stay with you meanwhile. '.repeat(8)}`;
    const history: ConversationTurn[] = [
      { role: 'customer', text: CUSTOMER },
      { role: 'bot', text: longReply },
    ];
    await retriever.retrieve(WORKSPACE, FOLLOWUP, history, VISIBILITY);
    const inContext = fake.calls.find((call) => call.query === `${FOLLOWUP}\n${CUSTOMER}\n${longReply}`);
    expect(inContext?.denseText).toBe(`${FOLLOWUP}\n${CUSTOMER}\n${leadOf(longReply)}`);
    expect(leadOf(longReply).length).toBeLessThan(longReply.length);
    const topic = fake.calls.find((call) => call.query === `${CUSTOMER}\n${longReply}`);
    expect(topic?.denseText).toBe(`${CUSTOMER}\n${leadOf(longReply)}`);
  });

  it("records context_used 1 and the gate's probability as context_followup for a follow-up", async () => {
    const { fake, retriever } = setUp();
    registered(fake, FOLLOWUP);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.features.context_used).toBe(1);
    expect(result.features.context_followup).toBeCloseTo(FOLLOWUP_P, 12);
  });

  it('returns the retrieval of the question alone when the gate says new subject', async () => {
    const { fake, retriever } = setUp();
    const { alone } = registered(fake, NEW_SUBJECT);
    const result = await retriever.retrieve(WORKSPACE, NEW_SUBJECT, HISTORY, VISIBILITY);
    expect(result.retrieval).toBe(alone);
  });

  it("records context_used 0 and the gate's probability as context_followup for a new subject", async () => {
    const { fake, retriever } = setUp();
    registered(fake, NEW_SUBJECT);
    const result = await retriever.retrieve(WORKSPACE, NEW_SUBJECT, HISTORY, VISIBILITY);
    expect(result.features.context_used).toBe(0);
    expect(result.features.context_followup).toBeCloseTo(NEW_SUBJECT_P, 12);
  });

  it('records the evidence the gate decided on next to its verdict', async () => {
    const { fake, retriever } = setUp();
    registered(fake, FOLLOWUP);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.features.context_refers_back).toBe(1);
    expect(result.features.context_opens_topic).toBe(0);
    expect(result.features.context_alone_cosine).toBe(0.6);
    expect(result.features.context_question_terms).toBeCloseTo(Math.log1p(new Set(tokenize(FOLLOWUP)).size), 12);
  });

  it("returns the question's own terms, not the in-context query's, whichever retrieval is used", async () => {
    const { fake, retriever } = setUp();
    registered(fake, FOLLOWUP);
    registered(fake, NEW_SUBJECT);
    const followup = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    const subject = await retriever.retrieve(WORKSPACE, NEW_SUBJECT, HISTORY, VISIBILITY);
    expect(followup.questionTerms).toEqual(tokenize(FOLLOWUP));
    expect(subject.questionTerms).toEqual(tokenize(NEW_SUBJECT));
  });

  it('passes the workspace and visibility to every retrieval', async () => {
    const { fake, retriever } = setUp();
    registered(fake, FOLLOWUP);
    const visibility: Visibility[] = ['public', 'internal'];
    await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, visibility);
    expect(fake.calls.length).toBeGreaterThan(1);
    for (const call of fake.calls) {
      expect(call.workspaceId).toBe(WORKSPACE);
      expect(call.visibility).toEqual(visibility);
    }
  });

  it('uses the shipped follow-up gate when none is given', async () => {
    const fake = new FakeRetriever();
    const retriever = new ConversationRetriever(fake as unknown as Retriever);
    registered(fake, FOLLOWUP);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.features.context_followup).toBeCloseTo(predictConfidence(FOLLOWUP_GATE, result.features), 12);
  });
});

describe('ConversationRetriever: the conversation document', () => {
  it('searches the question within the first document the last reply cited', async () => {
    const { fake, retriever } = setUp();
    fake.on(SAID, retrieval(SAID, [candidate('topic', 'Subscriptions can be paused.', 0.9)]));
    await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    const restricted = fake.calls.filter((call) => call.documentIds);
    expect(restricted).toEqual([
      { workspaceId: WORKSPACE, query: FOLLOWUP, visibility: VISIBILITY, documentIds: ['pause'] },
    ]);
  });

  it('takes the top document of what the last exchange retrieves when the reply cited none', async () => {
    const { fake, retriever } = setUp();
    const history: ConversationTurn[] = [
      { role: 'customer', text: CUSTOMER },
      { role: 'agent', text: REPLY },
    ];
    fake.on(
      SAID,
      retrieval(SAID, [
        candidate('topic', 'Subscriptions can be paused.', 0.9),
        candidate('other', 'Subscriptions can be cancelled.', 0.5),
      ]),
    );
    await retriever.retrieve(WORKSPACE, FOLLOWUP, history, VISIBILITY);
    expect(fake.calls.map((call) => call.query)).toContain(SAID);
    const restricted = fake.calls.filter((call) => call.documentIds);
    expect(restricted).toEqual([
      { workspaceId: WORKSPACE, query: FOLLOWUP, visibility: VISIBILITY, documentIds: ['topic'] },
    ]);
  });

  it('makes no restricted search when neither the reply nor the exchange points to a document', async () => {
    const { fake, retriever } = setUp();
    const history: ConversationTurn[] = [
      { role: 'customer', text: CUSTOMER },
      { role: 'agent', text: REPLY },
    ];
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, history, VISIBILITY);
    expect(fake.calls.filter((call) => call.documentIds)).toEqual([]);
    expect(result.features.context_conversation_cosine).toBe(0);
  });

  it('sees, through the gate features, whether the question alone already finds the conversation document', async () => {
    const { fake, retriever } = setUp();
    fake.on(FOLLOWUP, retrieval(FOLLOWUP, [candidate('pause', 'Pausing is free.', 0.7)]));
    const same = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(same.features.context_alone_in_conversation_document).toBe(1);

    const other = setUp();
    other.fake.on(FOLLOWUP, retrieval(FOLLOWUP, [candidate('shipping', 'Shipping costs five euros.', 0.7)]));
    const different = await other.retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(different.features.context_alone_in_conversation_document).toBe(0);
  });

  it('records whether the answer comes from the conversation document (a follow-up that stays on subject)', async () => {
    const { fake, retriever } = setUp();
    const inContext = `${FOLLOWUP}\n${SAID}`;
    fake.on(inContext, retrieval(inContext, [candidate('pause', 'Pausing costs nothing.', 0.8)]));
    const onSubject = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(onSubject.features).toMatchObject({ context_used: 1, context_top_in_conversation_document: 1 });

    const other = setUp();
    other.fake.on(inContext, retrieval(inContext, [candidate('shipping', 'Shipping costs five euros.', 0.8)]));
    const strayed = await other.retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(strayed.features).toMatchObject({ context_used: 1, context_top_in_conversation_document: 0 });
  });

  it("measures the conversation document's best cosine for the question", async () => {
    const { fake, retriever } = setUp();
    fake.on(
      FOLLOWUP,
      retrieval(FOLLOWUP, [candidate('pause', 'Pausing is free.', 0.55), candidate('pause', 'Pause online.', 0.65)]),
      ['pause'],
    );
    fake.on(FOLLOWUP, retrieval(FOLLOWUP, [candidate('shipping', 'Shipping costs five euros.', 0.7)]));
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.features.context_conversation_cosine).toBe(0.65);
    expect(result.features.context_cosine_gap).toBeCloseTo(0.65 - 0.7, 12);
  });

  it('uses only the reply when the customer has not spoken before', async () => {
    const { fake, retriever } = setUp();
    const history: ConversationTurn[] = [{ role: 'bot', text: REPLY, documentIds: ['pause'] }];
    await retriever.retrieve(WORKSPACE, FOLLOWUP, history, VISIBILITY);
    const queries = fake.calls.map((call) => call.query);
    expect(queries).toContain(`${FOLLOWUP}\n${REPLY}`);
    expect(queries).toContain(REPLY);
  });
});

describe('ConversationRetriever: a follow-up the gate is not sure of', () => {
  /** p = σ(0.5) ≈ 0.62 for a question that refers back: a follow-up, but below CERTAIN_FOLLOWUP. */
  const UNSURE_GATE: CalibrationModel = { ...REFERS_BACK_GATE, bias: -3.5 };
  const documentsOf = (result: Retrieval) => result.candidates.map((c) => c.hit.chunk.documentId);

  function registered(fake: FakeRetriever) {
    const inContext = retrieval(`${FOLLOWUP}\n${SAID}`, [
      candidate('pause', 'Pausing costs nothing.', 0.8),
      candidate('billing', 'Billing happens monthly.', 0.7),
      candidate('plans', 'Plans start at nine euros.', 0.6),
      candidate('faq', 'Frequently asked questions.', 0.5),
    ]);
    const alone = retrieval(FOLLOWUP, [
      candidate('pause', 'Pausing is free.', 0.7),
      candidate('pricing', 'Prices per month.', 0.6),
      candidate('fees', 'Fees for late payment.', 0.5),
      candidate('shipping', 'Shipping costs four euros.', 0.4),
    ]);
    fake.on(FOLLOWUP, alone).on(`${FOLLOWUP}\n${SAID}`, inContext);
    return { alone, inContext };
  }

  it('is below the certainty at which only the question in context is searched', () => {
    const p = predictConfidence(UNSURE_GATE, { context_refers_back: 1 });
    expect(p).toBeGreaterThanOrEqual(FOLLOWUP_THRESHOLD);
    expect(p).toBeLessThan(CERTAIN_FOLLOWUP);
  });

  it("puts the question alone's two best new documents after the first three documents read in context", async () => {
    const { fake, retriever } = setUp(UNSURE_GATE);
    registered(fake);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    // Five candidates: the in-context four, or the leading three and the two kept, whichever is more.
    expect(documentsOf(result.retrieval)).toEqual(['pause', 'billing', 'plans', 'pricing', 'fees']);
    expect(result.features.context_used).toBe(1);
  });

  it('keeps the in-context query terms and evidence: the answer is still read in context', async () => {
    const { fake, retriever } = setUp(UNSURE_GATE);
    const { inContext } = registered(fake);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.retrieval.queryTerms).toBe(inContext.queryTerms);
    expect(result.retrieval.evidence).toBe(inContext.evidence);
  });

  it('returns the in-context retrieval unchanged once the gate is certain', async () => {
    const { fake, retriever } = setUp({ ...REFERS_BACK_GATE, bias: 0 });
    const { inContext } = registered(fake);
    const result = await retriever.retrieve(WORKSPACE, FOLLOWUP, HISTORY, VISIBILITY);
    expect(result.features.context_followup).toBeGreaterThanOrEqual(CERTAIN_FOLLOWUP);
    expect(result.retrieval).toBe(inContext);
  });
});

describe('hedged', () => {
  const ids = (result: Retrieval) => result.candidates.map((c) => c.hit.chunk.id);

  it('keeps every leading chunk of a leading document together before the kept documents', () => {
    const a1 = candidate('a', 'one', 0.9);
    const a2 = candidate('a', 'two', 0.8);
    const b = candidate('b', 'three', 0.7);
    const c = candidate('c', 'four', 0.6);
    const x = candidate('x', 'five', 0.5);
    const result = hedged(retrieval('q', [a1, a2, b, c]), retrieval('q', [x]));
    expect(ids(result)).toEqual([a1, a2, b, c, x].map((k) => k.hit.chunk.id));
  });

  it("skips the other reading's documents that already lead, and every chunk it already holds", () => {
    const a = candidate('a', 'one', 0.9);
    const b = candidate('b', 'two', 0.8);
    const c = candidate('c', 'three', 0.7);
    const d = candidate('d', 'four', 0.6);
    const otherB = candidate('b', 'five', 0.9);
    const y1 = candidate('y', 'six', 0.8);
    const y2 = candidate('y', 'seven', 0.7);
    const z = candidate('z', 'eight', 0.6);
    const w = candidate('w', 'nine', 0.5);
    const result = hedged(retrieval('q', [a, b, c, d]), retrieval('q', [otherB, y1, d, y2, z, w]));
    // d is the second document kept (it also ranked fourth in context) and appears once; z is a third: left out.
    expect(ids(result)).toEqual([a, b, c, y1, d, y2].map((k) => k.hit.chunk.id));
  });

  it('returns no more candidates than the primary reading had when they have room for the kept documents', () => {
    const primary = ['a', 'b', 'c', 'd', 'e', 'f'].map((documentId, i) =>
      candidate(documentId, documentId, 0.9 - i / 10),
    );
    const y = candidate('y', 'y', 0.5);
    const result = hedged(retrieval('q', primary), retrieval('q', [y]));
    expect(ids(result)).toEqual([...primary.slice(0, 3), y, ...primary.slice(3, 5)].map((k) => k.hit.chunk.id));
  });

  it('returns the primary reading when the other has nothing new', () => {
    const a = candidate('a', 'one', 0.9);
    const result = hedged(retrieval('q', [a]), retrieval('q', [a]));
    expect(ids(result)).toEqual([a.hit.chunk.id]);
  });
});

describe('leadOf', () => {
  it('keeps a reply that fits whole', () => {
    expect(leadOf(REPLY)).toBe(REPLY);
  });

  it('cuts a long reply after its last whole sentence within the limit', () => {
    const first = 'You can pause your plan from the account page at any time, and for up to three months a year.';
    const second = 'Your bike stays with you while the plan is paused, and nothing is charged until it resumes.';
    const lead = leadOf(`${first} ${second} Then ${'a long sentence goes on '.repeat(10)}.`);
    expect(lead).toBe(`${first} ${second}`);
    expect(lead.length).toBeLessThanOrEqual(REPLY_LEAD_CHARS);
  });

  it('cuts at a word when no sentence ends in the second half of the limit', () => {
    const lead = leadOf('word '.repeat(100));
    expect(lead.length).toBeLessThanOrEqual(REPLY_LEAD_CHARS);
    expect(lead.endsWith('word')).toBe(true);
  });
});
