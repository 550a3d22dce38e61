import { Inject, Injectable, Optional } from '@nestjs/common';
import { Visibility, WorkspaceId } from '@switchboard/database';
import { tokenize } from '@switchboard/vector-store';
import { ConversationTurn } from '../answer.types';
import { CalibrationModel, predictConfidence } from '../confidence/calibration-model';
import { LastExchange, lastExchange, opensTopic, refersBack } from './conversation-signals';
import gate from './followup-gate.json';
import { LexicalEvidence } from './lexical-evidence';
import { RankedCandidate, Retrieval, Retriever } from './retriever';

/** The follow-up gate fitted by `npm run calibrate -- --target followup` (imported, so the build ships it). */
export const FOLLOWUP_GATE = gate as CalibrationModel;
/** Injection token to replace the shipped gate (tests). */
export const FOLLOWUP_GATE_MODEL = Symbol('FOLLOWUP_GATE_MODEL');
/** Above this probability that the question continues the conversation, the earlier turns shape retrieval. */
export const FOLLOWUP_THRESHOLD = 0.6;
/**
 * Below this probability a follow-up is not certain: the best documents of the question read alone keep a place
 * among the first sources, after the first documents of the question read in context.
 */
export const CERTAIN_FOLLOWUP = 0.8;
/** Documents of the question read in context that come first when the follow-up is not certain. */
const HEDGE_LEADING_DOCUMENTS = 3;
/** Documents of the question read alone that follow them. */
const HEDGE_KEPT_DOCUMENTS = 2;
/** What a question answered without its conversation records: no context used, no follow-up. */
export const WITHOUT_CONTEXT: Readonly<Record<string, number>> = {
  context_used: 0,
  context_followup: 0,
  context_top_in_conversation_document: 0,
};

/** The `context_*` features that record the verdict rather than the evidence: never inputs of the gate. */
export const GATE_VERDICT_FEATURES: readonly string[] = [
  'context_followup',
  'context_used',
  'context_rewritten',
  'context_top_in_conversation_document',
  'context_carried_over',
];

export interface ConversationRetrieval {
  /** What the answer is composed from: the question alone, or the question in its context. */
  retrieval: Retrieval;
  /** The terms of what the customer asked in this turn, for evidence that must not be borrowed from history. */
  questionTerms: string[];
  /** The gate's evidence and verdict, recorded with the confidence features (all named `context_*`). */
  features: Record<string, number>;
}

interface Retrievals {
  alone: Retrieval;
  inContext: Retrieval;
  /** The question searched within the conversation's document only. */
  inConversationDocument: Retrieval;
  /** What the last exchange alone retrieves: how clearly the conversation had a subject. */
  topic: Retrieval;
  conversationDocument: string | null;
}

/**
 * Decides per question whether the earlier turns belong to it. It retrieves for the question alone and for the
 * question in context, finds the document the conversation is about (the one the last answer cited, else the
 * one the last exchange retrieves) and lets the evidence decide: how well that document fits the question
 * compared with the best match of the question alone, words that refer back or open a new subject, and the
 * question's overlap with what was said.
 */
/** How much of the bot's last reply the dense side embeds; a typical first sentence or two. */
export const REPLY_LEAD_CHARS = 240;

@Injectable()
export class ConversationRetriever {
  private readonly gate: CalibrationModel;

  constructor(
    private readonly retriever: Retriever,
    @Optional() @Inject(FOLLOWUP_GATE_MODEL) gate?: CalibrationModel,
  ) {
    this.gate = gate ?? FOLLOWUP_GATE;
  }

  async retrieve(
    workspaceId: WorkspaceId,
    question: string,
    history: readonly ConversationTurn[],
    visibility: Visibility[],
  ): Promise<ConversationRetrieval> {
    const questionTerms = tokenize(question);
    const exchange = lastExchange(history);
    if (!exchange.customer && !exchange.reply) {
      const retrieval = await this.retriever.retrieve(workspaceId, question, visibility);
      return { retrieval, questionTerms, features: { ...WITHOUT_CONTEXT } };
    }
    const retrievals = await this.retrieveAll(workspaceId, question, exchange, visibility);
    const evidence = gateFeatures(question, questionTerms, history, retrievals);
    const followup = predictConfidence(this.gate, evidence);
    const used = followup >= FOLLOWUP_THRESHOLD;
    const retrieval = used ? readInContext(retrievals, followup) : retrievals.alone;
    // A follow-up answered from the document the conversation is about is more often right than one that strays.
    const onSubject = retrieval.candidates[0]?.hit.chunk.documentId === retrievals.conversationDocument;
    return {
      retrieval,
      questionTerms,
      features: {
        ...evidence,
        context_followup: followup,
        context_used: used ? 1 : 0,
        context_top_in_conversation_document: onSubject ? 1 : 0,
      },
    };
  }

  private async retrieveAll(
    workspaceId: WorkspaceId,
    question: string,
    exchange: LastExchange,
    visibility: Visibility[],
  ): Promise<Retrievals> {
    const said = [exchange.customer, exchange.reply].filter(Boolean).join('\n');
    // The dense side reads the reply's lead: a long answer costs the embedder several times a short one, and its
    // first sentences carry its subject. The lexical side reads all of it.
    const saidLead = [exchange.customer, leadOf(exchange.reply)].filter(Boolean).join('\n');
    const [alone, inContext, topic] = await Promise.all([
      this.retriever.retrieve(workspaceId, question, visibility),
      this.retriever.retrieve(workspaceId, `${question}\n${said}`, visibility, {
        denseText: `${question}\n${saidLead}`,
      }),
      this.retriever.retrieve(workspaceId, said, visibility, { denseText: saidLead }),
    ]);
    const conversationDocument = exchange.replyDocumentIds[0] ?? topic.candidates[0]?.hit.chunk.documentId ?? null;
    const inConversationDocument = conversationDocument
      ? await this.retriever.retrieve(workspaceId, question, visibility, { documentIds: [conversationDocument] })
      : { ...alone, candidates: [] };
    return { alone, inContext, inConversationDocument, topic, conversationDocument };
  }
}

/** The start of a reply, up to REPLY_LEAD_CHARS and cut after a sentence or, failing that, a word. */
export function leadOf(reply: string): string {
  if (reply.length <= REPLY_LEAD_CHARS) return reply;
  const head = reply.slice(0, REPLY_LEAD_CHARS);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('? '), head.lastIndexOf('! '));
  if (sentenceEnd >= REPLY_LEAD_CHARS / 2) return head.slice(0, sentenceEnd + 1);
  const wordEnd = head.lastIndexOf(' ');
  return wordEnd > 0 ? head.slice(0, wordEnd) : head;
}

/** The follow-up gate's inputs; every name starts with `context_`. */
export function gateFeatures(
  question: string,
  questionTerms: string[],
  history: readonly ConversationTurn[],
  { alone, inContext, inConversationDocument, topic, conversationDocument }: Retrievals,
): Record<string, number> {
  const evidence = new LexicalEvidence([...alone.candidates, ...inContext.candidates].map((c) => c.terms));
  const bestCoverage = (retrieval: Retrieval) =>
    Math.max(0, ...retrieval.candidates.slice(0, 5).map((c) => evidence.coverage(questionTerms, c.terms)));
  const bestCosine = (retrieval: Retrieval) => Math.max(0, ...retrieval.candidates.map((c) => c.hit.cosine ?? 0));
  const aloneCosine = bestCosine(alone);
  const conversationCosine = bestCosine(inConversationDocument);
  return {
    context_cosine_gap: conversationCosine - aloneCosine,
    context_coverage_gap: bestCoverage(inConversationDocument) - coverageOfTop(evidence, questionTerms, alone),
    context_history_overlap: evidence.coverage(questionTerms, tokenize(history.map((turn) => turn.text).join('\n'))),
    context_question_terms: Math.log1p(new Set(questionTerms).size),
    context_refers_back: refersBack(question),
    context_opens_topic: opensTopic(question),
    context_alone_cosine: aloneCosine,
    context_conversation_cosine: conversationCosine,
    context_topic_cosine: topic.candidates[0]?.hit.cosine ?? 0,
    context_alone_in_conversation_document:
      conversationDocument !== null && alone.candidates[0]?.hit.chunk.documentId === conversationDocument ? 1 : 0,
  };
}

/** The question read in context; hedged with the question alone while the gate is not certain of the follow-up. */
function readInContext(retrievals: Retrievals, followup: number): Retrieval {
  return followup < CERTAIN_FOLLOWUP ? hedged(retrievals.inContext, retrievals.alone) : retrievals.inContext;
}

/**
 * The question read in context, keeping a place for the best documents of the question read alone: the first
 * documents of the primary reading, then the other reading's best documents not among them, then the rest.
 */
export function hedged(primary: Retrieval, other: Retrieval): Retrieval {
  const leading: RankedCandidate[] = [];
  const documents = new Set<string>();
  let rest = primary.candidates;
  while (rest.length > 0 && (documents.size < HEDGE_LEADING_DOCUMENTS || documents.has(documentOf(rest[0])))) {
    documents.add(documentOf(rest[0]));
    leading.push(rest[0]);
    rest = rest.slice(1);
  }
  const kept = new Set<string>();
  const keptCandidates = other.candidates.filter((candidate) => {
    const documentId = documentOf(candidate);
    if (documents.has(documentId) || (!kept.has(documentId) && kept.size >= HEDGE_KEPT_DOCUMENTS)) return false;
    kept.add(documentId);
    return true;
  });
  const chunks = new Set([...leading, ...keptCandidates].map((candidate) => candidate.hit.chunk.id));
  const remaining = rest.filter((candidate) => !chunks.has(candidate.hit.chunk.id));
  // No more candidates than the store returned (their number is a confidence feature), unless the kept ones need room.
  const count = Math.max(primary.candidates.length, leading.length + keptCandidates.length);
  const candidates = [...leading, ...keptCandidates, ...remaining].slice(0, count);
  return { ...primary, candidates };
}

function documentOf(candidate: RankedCandidate): string {
  return candidate.hit.chunk.documentId;
}

function coverageOfTop(evidence: LexicalEvidence, questionTerms: string[], retrieval: Retrieval): number {
  const top = retrieval.candidates[0];
  return top ? evidence.coverage(questionTerms, top.terms) : 0;
}
