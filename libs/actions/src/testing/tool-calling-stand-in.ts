import type { ChatCompletionRequestBody, ChatResponder, ScriptedChatReply } from '@switchboard/llm/testing';
import { ActionMatcher } from '../matching/action-matcher';
import type { PendingAction } from '../matching/followup';
import type { ActionParametersSchema, ConversationTurn, MatchableAction } from '../matching/matchable-action';
import { responseSummary } from '../turn/action-replies';

const BLOCK = /<<<([A-Z0-9-]+)-([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END-\1-\2>>>/g;

/** The untrusted blocks of a prompt, by label (MESSAGE, CHAT, TOOL-RESULT…); the last of each label wins. */
export function untrustedBlocks(text: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of text.matchAll(BLOCK)) blocks.set(match[1], match[3]);
  return blocks;
}

function textOf(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content ?? '');
}

function historyOf(chat: string | undefined): ConversationTurn[] {
  if (!chat) return [];
  return chat.split('\n').flatMap((line): ConversationTurn[] => {
    const match = /^(customer|bot|agent): (.*)$/.exec(line);
    if (!match) return [];
    return [{ role: match[1] === 'customer' ? 'customer' : 'bot', text: match[2] }];
  });
}

/** "Today is Monday 1 March 2027 (2027-03-01) (time zone America/Los_Angeles)" → a resolver clock. */
function clockOf(system: string): { now: Date; timeZone: string } {
  const zone = /time zone ([^)]+)\)/.exec(system)?.[1] ?? 'UTC';
  const date = /\b(\d{4}-\d{2}-\d{2})\b/.exec(system)?.[1];
  return { now: date ? new Date(`${date}T12:00:00Z`) : new Date(), timeZone: zone };
}

function actionsOf(body: ChatCompletionRequestBody): MatchableAction[] {
  return (body.tools ?? []).flatMap((tool): MatchableAction[] =>
    tool.function
      ? [
          {
            name: tool.function.name,
            description: tool.function.description ?? '',
            examples: [],
            parameters: (tool.function.parameters ?? { properties: {} }) as unknown as ActionParametersSchema,
          },
        ]
      : [],
  );
}

/** The action the system prompt says waits for arguments ("…asked for date to complete the tool book_repair…"). */
function pendingOf(system: string, blocks: Map<string, string>): PendingAction | null {
  const match = /asked for (.+?) to complete the tool ([a-z0-9_]+)/.exec(system);
  if (!match) return null;
  let args: Record<string, string> = {};
  try {
    args = JSON.parse(blocks.get('ARGUMENTS') ?? '{}') as Record<string, string>;
  } catch {
    args = {};
  }
  return { action: match[2], arguments: args, missing: match[1].split(', ') };
}

/** The reply to a tool result: its fields, as a model would read them back. */
function replyToResult(result: string): ScriptedChatReply {
  let body: unknown = result;
  try {
    body = JSON.parse(result);
  } catch {
    // Not JSON: read back as text.
  }
  const lines = responseSummary(body);
  return { text: lines.length ? `Here is what I found:\n${lines.map((line) => `- ${line}`).join('\n')}` : 'Done.' };
}

/**
 * A deterministic stand-in for a tool-calling model, for the OpenAI double: it reads the tools offered and the
 * customer's message as a model would, decides with the offline matcher, and reads a tool result back. It lets the
 * LLM path run end to end (eval, demo without a key); it measures the plumbing, not a model's judgement.
 */
export function toolCallingStandIn(fallback: ChatResponder = () => ({ text: '' })): ChatResponder {
  return (body) => {
    if (!body.tools?.length) return fallback(body);
    const last = body.messages[body.messages.length - 1];
    if (last?.role === 'tool') return replyToResult(untrustedBlocks(textOf(last.content)).get('TOOL-RESULT') ?? '');
    const system = textOf(body.messages[0]?.content);
    const blocks = untrustedBlocks(body.messages.map((message) => textOf(message.content)).join('\n'));
    const decision = new ActionMatcher(actionsOf(body)).match({
      question: blocks.get('MESSAGE') ?? textOf(last?.content),
      history: historyOf(blocks.get('CHAT')),
      clock: clockOf(system),
      pending: pendingOf(system, blocks),
    });
    if (decision.kind === 'no_action') return { text: '' };
    const args = decision.kind === 'call' ? decision.arguments : decision.pending.arguments;
    return { toolCalls: [{ name: decision.action, arguments: args }] };
  };
}
