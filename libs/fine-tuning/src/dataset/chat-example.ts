import type { ConversationTranscript } from '@switchboard/conversations';
import { answerMetadataOf } from '@switchboard/database';
import { Redactor } from './redaction';

/** One message of OpenAI's chat fine-tuning format; `weight: 0` keeps a reply as context without training on it. */
export interface ChatExampleMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  weight?: 0 | 1;
}

/** Why an assistant reply is trained on. */
export type KeptReply = 'agent' | 'botHelpful' | 'botAccepted';

export interface ChatExample {
  conversationId: string;
  messages: ChatExampleMessage[];
  replies: Record<KeptReply, number>;
  /** A kept bot reply cited knowledge documents: the example teaches facts more than style. */
  citesDocuments: boolean;
}

type TranscriptMessage = ConversationTranscript['messages'][number];

interface Turn {
  role: 'user' | 'assistant';
  content: string;
  kept: KeptReply | null;
  cites: boolean;
}

const CITATION = /\s?\[\d{1,2}\]/g;

function isAgentReply(message: TranscriptMessage): boolean {
  return message.author === 'agent' && message.direction === 'outgoing' && !message.private;
}

function isBotReply(message: TranscriptMessage): boolean {
  return (
    message.author === 'bot' &&
    message.direction === 'outgoing' &&
    !message.private &&
    (message.kind === 'answer' || message.kind === 'message')
  );
}

/** The transcript line TicketsService writes when an agent closes a ticket as resolved. */
function isResolvedByAgent(message: TranscriptMessage): boolean {
  if (message.kind !== 'activity') return false;
  return (message.metadata as { resolution?: unknown }).resolution === 'resolved';
}

/**
 * A bot reply an agent accepted: after it, an agent closed the ticket as resolved without writing to the customer
 * first. The agent read the transcript (and the handoff summary) and found nothing to correct.
 */
export function acceptedByAgent(messages: readonly TranscriptMessage[], index: number): boolean {
  for (const later of messages.slice(index + 1)) {
    if (isAgentReply(later)) return false;
    if (isResolvedByAgent(later)) return true;
  }
  return false;
}

/** Why this reply is trained on, or null when it is kept only as context (or not at all, for a bot answer rated down). */
function keptReason(messages: readonly TranscriptMessage[], index: number): KeptReply | null {
  const message = messages[index];
  if (isAgentReply(message)) return 'agent';
  if (message.feedback === 'up') return 'botHelpful';
  if (message.feedback === 'down') return null;
  return acceptedByAgent(messages, index) ? 'botAccepted' : null;
}

function turnsOf(transcript: ConversationTranscript, redactor: Redactor): Turn[] {
  const turns: Turn[] = [];
  transcript.messages.forEach((message, index, messages) => {
    if (message.private) return;
    if (message.author === 'contact' && message.direction === 'incoming' && message.kind === 'message') {
      const content = redactor.redact(message.content).trim();
      if (content) turns.push({ role: 'user', content, kept: null, cites: false });
      return;
    }
    if (!isAgentReply(message) && !isBotReply(message)) return;
    const kept = keptReason(messages, index);
    // Citations point at sources the example cannot carry; the model learns the wording, not the numbering.
    const content = redactor.redact(message.content.replace(CITATION, '')).trim();
    if (!content) return;
    const cites = (answerMetadataOf(message)?.citations?.length ?? 0) > 0;
    turns.push({ role: 'assistant', content, kept, cites });
  });
  return turns;
}

/** Consecutive customer messages are one turn; a reply that another replaced right away is dropped. */
function mergeTurns(turns: readonly Turn[]): Turn[] {
  const merged: Turn[] = [];
  for (const turn of turns) {
    const previous = merged[merged.length - 1];
    if (!previous || previous.role !== turn.role) {
      merged.push({ ...turn });
    } else if (turn.role === 'user') {
      previous.content = `${previous.content}\n\n${turn.content}`;
    } else if (previous.kept === null) {
      merged[merged.length - 1] = { ...turn };
    } else if (turn.kept !== null) {
      previous.content = `${previous.content}\n\n${turn.content}`;
      previous.cites ||= turn.cites;
    }
  }
  return merged;
}

/**
 * One example per conversation, in the shape the answer service prompts with (its system prompt first): the
 * customer's turns as `user`, replies as `assistant`, trained on only when kept (weight 0 otherwise), ending on the
 * last kept reply. Null when the conversation holds no reply worth learning from.
 */
export function buildChatExample(
  transcript: ConversationTranscript,
  systemPrompt: string,
  redactor: Redactor,
): ChatExample | null {
  const turns = mergeTurns(turnsOf(transcript, redactor));
  const firstUser = turns.findIndex((turn) => turn.role === 'user');
  let lastKept = -1;
  turns.forEach((turn, index) => {
    if (turn.role === 'assistant' && turn.kept !== null) lastKept = index;
  });
  if (firstUser === -1 || lastKept < firstUser) return null;
  const used = turns.slice(firstUser, lastKept + 1);
  const replies: Record<KeptReply, number> = { agent: 0, botHelpful: 0, botAccepted: 0 };
  for (const turn of used) if (turn.kept) replies[turn.kept]++;
  return {
    conversationId: transcript.conversationId,
    messages: [
      { role: 'system', content: systemPrompt },
      ...used.map((turn): ChatExampleMessage => {
        if (turn.role === 'user' || turn.kept !== null) return { role: turn.role, content: turn.content };
        return { role: 'assistant', content: turn.content, weight: 0 };
      }),
    ],
    replies,
    citesDocuments: used.some((turn) => turn.kept !== null && turn.cites),
  };
}
