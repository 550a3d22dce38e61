import { TurnRoute, Visibility, WorkspaceId } from '@switchboard/database';

export type EscalationReason = 'low_confidence' | 'customer_asked' | 'negative_feedback' | 'llm_failure' | 'policy';

export interface ConversationTurn {
  role: 'customer' | 'bot' | 'agent';
  text: string;
  /** For a bot answer, the documents it cited; the conversation retriever then needs no search to find its topic. */
  documentIds?: string[];
}

export interface AnswerRequest {
  workspaceId: WorkspaceId;
  question: string;
  /** Recent turns of the conversation, oldest first (the agent's turns included). */
  history?: ConversationTurn[];
  /** public for customers (widget, e-mail); public + internal for staff (Slack). */
  visibility: Visibility[];
  conversationId?: string | null;
  messageId?: string | null;
  /** Overrides the workspace threshold (e-mail inboxes may be stricter; the eval sweeps it). */
  threshold?: number;
  /** Skip the answer cache (the eval measures the pipeline, not the cache). */
  bypassCache?: boolean;
  /** Why the turn came to the documents (no action fitted), kept on the trace. */
  route?: TurnRoute;
  /** The task the model call is logged and routed as: an agent's suggested reply is not a bot answer. */
  task?: 'answer' | 'suggest_reply';
}

export interface Citation {
  /** 1-based marker used in the answer text, e.g. [1]. */
  index: number;
  chunkId: string;
  documentId: string;
  title: string;
  url: string | null;
}

export interface RetrievedChunk {
  chunkId: string;
  documentId: string;
  rank: number;
  score: number;
  /** Prompt-injection score of the chunk's text (absent in traces recorded before it was scored). */
  injection?: number;
}

export interface AnswerResult {
  traceId: string;
  /** The text sent (or that would be sent) to the customer; for an escalation, the handoff message. */
  text: string;
  /** The composed answer even when escalating (agents see it as a draft; the eval scores it). */
  draft: string;
  citations: Citation[];
  /** Calibrated probability that the draft is correct and grounded. */
  confidence: number;
  threshold: number;
  decision: 'answer' | 'escalate';
  reason: EscalationReason | null;
  retrieved: RetrievedChunk[];
  /** Store-independent evidence the confidence model combines (see confidence/). */
  features: Record<string, number>;
  cacheHit: boolean;
  model: string;
  latencyMs: Record<string, number>;
}

/** What a streaming caller receives, in order: tokens of the draft, then the final result. */
export type AnswerEvent =
  | { type: 'token'; text: string }
  /** Discard what was streamed so far and show `text` instead (a broken stream fell back, or a filter blocked it). */
  | { type: 'reset'; text: string }
  | { type: 'result'; result: AnswerResult };
