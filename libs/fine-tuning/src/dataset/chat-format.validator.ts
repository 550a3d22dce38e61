/** A line of a dataset that breaks the format, with every rule it breaks. */
export interface LineProblems {
  /** 1-based. */
  line: number;
  problems: string[];
}

const ROLES = new Set(['system', 'user', 'assistant']);
const MESSAGE_KEYS = new Set(['role', 'content', 'weight', 'name']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageProblems(message: unknown, index: number): string[] {
  const where = `messages[${index}]`;
  if (!isObject(message)) return [`${where} is not an object`];
  const problems: string[] = [];
  for (const key of Object.keys(message)) {
    if (!MESSAGE_KEYS.has(key)) problems.push(`${where} has an unknown key "${key}"`);
  }
  if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
    problems.push(`${where}.role must be system, user or assistant`);
  }
  if (typeof message.content !== 'string' || message.content.trim() === '') {
    problems.push(`${where}.content must be a non-empty string`);
  }
  if (message.weight !== undefined) {
    if (message.role !== 'assistant') problems.push(`${where}.weight is only allowed on assistant messages`);
    else if (message.weight !== 0 && message.weight !== 1) problems.push(`${where}.weight must be 0 or 1`);
  }
  return problems;
}

function conversationProblems(messages: Array<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const roles = messages.map((message) => message.role);
  roles.forEach((role, index) => {
    if (role === 'system' && index !== 0) problems.push(`messages[${index}]: a system message may only come first`);
  });
  const firstTurn = roles[0] === 'system' ? 1 : 0;
  if (roles[firstTurn] !== 'user') problems.push('the first message after the system prompt must be from the user');
  if (roles[roles.length - 1] !== 'assistant') problems.push('the last message must be from the assistant');
  if (!messages.some((message) => message.role === 'assistant' && message.weight !== 0)) {
    problems.push('no assistant message is trained on (every one has weight 0)');
  }
  return problems;
}

/** Every rule of OpenAI's chat fine-tuning format one JSONL line breaks; empty when the line is a valid example. */
export function chatLineProblems(line: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return ['the line is not JSON'];
  }
  if (!isObject(parsed)) return ['the line is not a JSON object'];
  const unknown = Object.keys(parsed).filter((key) => key !== 'messages');
  const problems = unknown.map((key) => `unknown key "${key}" (only "messages" is used)`);
  const messages = parsed.messages;
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'messages must be a non-empty array'];
  const perMessage = messages.flatMap((message, index) => messageProblems(message, index));
  if (perMessage.length > 0) return [...problems, ...perMessage];
  return [...problems, ...conversationProblems(messages as Array<Record<string, unknown>>)];
}

/** The lines of a JSONL dataset that break the format; empty when every line is a valid example. */
export function validateChatJsonl(jsonl: string): LineProblems[] {
  const lines = jsonl.endsWith('\n') ? jsonl.slice(0, -1).split('\n') : jsonl.split('\n');
  if (jsonl === '') return [{ line: 1, problems: ['the file is empty'] }];
  return lines.flatMap((line, index) => {
    const problems = chatLineProblems(line);
    return problems.length ? [{ line: index + 1, problems }] : [];
  });
}
