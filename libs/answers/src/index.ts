export * from './answer.service';
export * from './answer.types';
export * from './answers.module';
export * from './cache/answer-cache';
export { SYSTEM_PROMPT } from './compose/llm-prompt';
// For other prompts that carry untrusted text (action results): the same boundaries and injection scan.
export { UNTRUSTED_BLOCK_RULE, delimitUntrusted, sanitiseRetrievedText } from './safety';
export * from './confidence/calibration-model';
export * from './confidence/confidence.model';
export * from './reports/usage.service';
export * from './traces/answer-traces.repository';
export * from './traces/answer-traces.service';
