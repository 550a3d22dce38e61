// Test doubles of the llm lib, for other libs' and apps' tests: import them from '@switchboard/llm/testing'.
export * from './openai-double';
export * from './openai-fine-tuning.double';
