import type { LlmMessage } from './llm.port';

const CHARS_PER_TOKEN = 4;
/** Chat formatting adds a few tokens per message (role and separators). */
const TOKENS_PER_MESSAGE = 4;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimatePromptTokens(messages: readonly LlmMessage[]): number {
  return messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + estimateTokens(messageText(message)), 0);
}

/** What a message costs in tokens: its text, and the names and arguments of the calls it carries. */
function messageText(message: LlmMessage): string {
  if (message.role !== 'assistant' || !message.toolCalls) return message.content;
  return message.content + message.toolCalls.map((call) => call.name + call.arguments).join('');
}
