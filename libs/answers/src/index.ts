export * from './answer.service';
export * from './answer.types';
export * from './answers.module';
export * from './cache/answer-cache';
export { SYSTEM_PROMPT } from './compose/llm-prompt';
export * from './confidence/calibration-model';
export * from './confidence/confidence.model';
// For other text that reaches a model or a customer (action results, agents' drafts): the same boundaries,
// injection scan and output filter as answers.
export {
  UNTRUSTED_BLOCK_RULE,
  delimitUntrusted,
  detectInjection,
  filterAnswer,
  INJECTION_THRESHOLD,
  sanitiseRetrievedText,
} from './safety';
export * from './reports/usage.service';
export * from './traces/answer-traces.repository';
export * from './traces/answer-traces.service';
export * from './traces/answer-personal-data.service';
