import { HandoffReason } from '@switchboard/database';

const NOUN =
  '(?:humans?|person|people|agents?|representative|rep|operator|someone|somebody|anyone|anybody|staff|' +
  'support(?: team)?|customer (?:service|support|care)|team member|employee|manager|supervisor|human being)';
const ARTICLE = '(?:(?:a|an|the|some|your|one of your)\\s+)?';
const REAL = '(?:(?:real|live|actual|human)\\s+)?';
// A noun used as a noun: not "human-readable", not "a person's address".
const END = "\\b(?![-']\\w)";
const FIRST_PERSON = "(?:\\b(?:i|we|me|us|i'd|i'm|we'd)\\b[^.?!]{0,40}?)";

const PATTERNS: readonly RegExp[] = [
  // The whole message is the request: "operator", "human please", "a real person!".
  new RegExp(`^(?:please\\s+)?${ARTICLE}${REAL}${NOUN}(?:\\s+(?:please|pls|now|asap))*$`),
  // "can I talk to someone", "speak to a human": the speaker (or an imperative) asks to talk to a person.
  new RegExp(`(?:^|${FIRST_PERSON})\\b(?:talk|speak|chat)\\s+(?:to|with)\\s+${ARTICLE}${REAL}${NOUN}${END}`),
  // "I want a human", "I need a real person".
  new RegExp(
    `\\b(?:i|we)\\s+(?:want|need|would like|'d like|wanna|demand)\\s+(?:to\\s+(?:talk|speak|chat)\\s+(?:to|with)\\s+)?` +
      `${ARTICLE}${REAL}(?:humans?|person|agent|representative|operator|human being)${END}`,
  ),
  // "connect me to an agent", "transfer me to a representative", "get me a human".
  new RegExp(
    `\\b(?:connect|transfer|put|pass|forward|escalate)\\s+(?:me|this|us)\\s+(?:through\\s+)?(?:to|with)\\s+${ARTICLE}${REAL}${NOUN}${END}`,
  ),
  new RegExp(
    `\\b(?:get|give|find)\\s+me\\s+${ARTICLE}${REAL}(?:humans?|person|agent|representative|operator|someone|somebody)${END}`,
  ),
  // "real person please", "a live agent": asking for a person rather than asking what the bot is.
  /^(?!.*\b(?:are you|is this|is that|are they)\b).*\b(?:real|live|actual)\s+(?:person|human|agent|people)\b/,
  // "is there a human I can talk to".
  new RegExp(`\\bis there\\s+${ARTICLE}${REAL}${NOUN}\\b[^?]*\\b(?:talk|speak|chat)\\b`),
];

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a customer's message asks for a person ("can I talk to someone", "operator", "real person please"). */
export function isHumanRequest(text: string): boolean {
  const normalised = normalise(text);
  if (!normalised || normalised.length > 300) return false;
  return PATTERNS.some((pattern) => pattern.test(normalised));
}

export type AnswerFeedback = 'up' | 'down' | null;

/**
 * Two thumbs-down in a row on the bot's answers hand the conversation to a person. Input: the feedback on the
 * conversation's recent bot answers, oldest first. Unrated answers do not break the streak (most answers go
 * unrated); a thumbs-up does.
 */
export class NegativeFeedbackTracker {
  constructor(readonly limit = 2) {}

  reasonFor(feedback: readonly AnswerFeedback[]): Extract<HandoffReason, 'negative_feedback'> | null {
    let streak = 0;
    for (let i = feedback.length - 1; i >= 0; i--) {
      const rating = feedback[i];
      if (rating === null || rating === undefined) continue;
      if (rating === 'up') break;
      streak += 1;
      if (streak >= this.limit) return 'negative_feedback';
    }
    return null;
  }
}
