import { ConversationTurn } from '../answer.types';

// Words that point back at something said before ("how much is it?", "and for students?"). Not "there" ("hi there")
// nor a bare "what", which opens as many new questions as follow-ups: "what about …" and "what if …" do refer back.
// prettier-ignore
const REFERRING_WORDS = new Set([
  'it', 'its', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'he', 'she', 'him', 'her',
  'one', 'ones', 'same', 'such', 'also', 'else', 'then', 'so', 'and', 'but', 'yes', 'no', 'ok', 'okay',
]);
const REFERRING_PHRASE = /\b(what|how) about\b|\bwhat (if|else)\b/i;
const PRONOUNS = new Set(['it', 'that', 'this', 'they', 'them', 'those', 'these']);
/** How a customer opens a new subject: a greeting, "another question", "information about …", "… information". */
const TOPIC_OPENER =
  /^\W*(hi|hello|hey|good (morning|afternoon|evening)|greetings)\b|\b(another|different|new|other|unrelated|separate) (question|topic|issue|subject|thing|matter)\b|\b(info|information|details|learn|know|read|help) (about|on|regarding|with)\b|\blooking (for )?(info|information|details)\b|\b(info|information|details)\W*$/i;

/** The customer's previous turn and the reply it got (bot or agent), with the documents that reply cited. */
export interface LastExchange {
  customer: string;
  reply: string;
  replyDocumentIds: string[];
}

export function lastExchange(history: readonly ConversationTurn[]): LastExchange {
  const exchange: LastExchange = { customer: '', reply: '', replyDocumentIds: [] };
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const turn = history[i];
    if (turn.role === 'customer') return { ...exchange, customer: turn.text };
    if (!exchange.reply) {
      exchange.reply = turn.text;
      exchange.replyDocumentIds = turn.documentIds ?? [];
    }
  }
  return exchange;
}

/** 1 when the question refers back (a pronoun, or opens with "and", "so", "what about", "yes"), else 0. */
export function refersBack(question: string): number {
  // Contractions split at the apostrophe: "what's it", "that's" → "what", "s", "it"; "that", "s".
  const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
  const opening = words.slice(0, 4);
  const refers =
    opening.some((word) => REFERRING_WORDS.has(word)) ||
    REFERRING_PHRASE.test(opening.join(' ')) ||
    words.some((word) => PRONOUNS.has(word));
  return refers ? 1 : 0;
}

/** 1 when the question opens a subject of its own (a greeting, "another question", "information about …"). */
export function opensTopic(question: string): number {
  return TOPIC_OPENER.test(question) ? 1 : 0;
}
