import { createHash } from 'node:crypto';
import type { ChatExample } from './chat-example';

export const DEFAULT_SPLIT_SEED = 42;
export const DEFAULT_VALIDATION_SHARE = 0.2;

function normalised(example: ChatExample): string {
  return JSON.stringify(
    example.messages
      .filter((message) => message.role !== 'system')
      .map((message) => [message.role, message.content.toLowerCase().replace(/\s+/g, ' ').trim(), message.weight ?? 1]),
  );
}

/** Drops examples whose turns repeat an earlier one's (case and spacing aside): the first one stays. */
export function removeDuplicates(examples: readonly ChatExample[]): { kept: ChatExample[]; removed: number } {
  const seen = new Set<string>();
  const kept: ChatExample[] = [];
  for (const example of examples) {
    const key = createHash('sha256').update(normalised(example)).digest('hex');
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(example);
  }
  return { kept, removed: examples.length - kept.length };
}

export interface DatasetSplit {
  train: ChatExample[];
  validation: ChatExample[];
}

/**
 * Train/validation by conversation: every example of a conversation lands on the same side, so validation never
 * sees a conversation the model trained on. Conversations are ranked by a hash of seed and id, so one seed always
 * gives the same split whatever order they come in; `validationShare` of them (at least one, once there are two)
 * go to validation.
 */
export function splitByConversation(
  examples: readonly ChatExample[],
  seed = DEFAULT_SPLIT_SEED,
  validationShare = DEFAULT_VALIDATION_SHARE,
): DatasetSplit {
  const conversations = [...new Set(examples.map((example) => example.conversationId))];
  const rank = (id: string): string => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  const ranked = conversations.map((id) => ({ id, rank: rank(id) })).sort((a, b) => a.rank.localeCompare(b.rank));
  const validationCount =
    conversations.length < 2 ? 0 : Math.max(1, Math.round(conversations.length * validationShare));
  const validationIds = new Set(ranked.slice(0, validationCount).map((entry) => entry.id));
  return {
    train: examples.filter((example) => !validationIds.has(example.conversationId)),
    validation: examples.filter((example) => validationIds.has(example.conversationId)),
  };
}

/** The JSONL OpenAI takes: one `{"messages": [...]}` per line. */
export function toJsonl(examples: readonly ChatExample[]): string {
  return examples.map((example) => `${JSON.stringify({ messages: example.messages })}\n`).join('');
}
