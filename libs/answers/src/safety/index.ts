export { checkQuestion, DEFAULT_QUESTION_LIMITS } from './input-guard';
export type { QuestionCheck, QuestionLimits, QuestionRejectionCode } from './input-guard';
export {
  detectInjection,
  INJECTION_THRESHOLD,
  REMOVED_INSTRUCTIONS_MARKER,
  sanitiseRetrievedText,
} from './prompt-injection';
export type { InjectionReport, InjectionSignal, SanitisedText } from './prompt-injection';
export { BOUNDARY_PREFIX, delimitUntrusted, escapeBoundaries, UNTRUSTED_BLOCK_RULE } from './untrusted-block';
export { BLOCKED_ANSWER_TEXT, filterAnswer, LEAK_MIN_WORDS, passesLuhn, REDACTED_TEXT } from './output-filter';
export type { AnswerFilterContext, FilteredAnswer, OutputAction, OutputActionKind } from './output-filter';
