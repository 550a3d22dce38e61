import type { ConsoleMessage } from '@switchboard/contracts';

export interface TranscriptInsert {
  messages: ConsoleMessage[];
  /** Where the message landed, or -1 when it was already there. */
  index: number;
}

/** Adds a message in time order, ignoring one already present (the send answer and the event both deliver it). */
export function insertMessage(messages: readonly ConsoleMessage[], message: ConsoleMessage): TranscriptInsert {
  if (messages.some((existing) => existing.id === message.id)) return { messages: [...messages], index: -1 };
  const time = Date.parse(message.createdAt);
  let index = messages.length;
  while (index > 0 && Date.parse(messages[index - 1].createdAt) > time) index -= 1;
  return { messages: [...messages.slice(0, index), message, ...messages.slice(index)], index };
}
