import { ChatResponder } from '@switchboard/llm/testing';

/** What the test server's process prints, followed by its base URL, once it listens. */
export const LISTENING = 'openai test server listening on ';
/** What it prints when stopped, followed by the model's own time to first token (p50, p95) as JSON. */
export const MODEL_TTFT = 'openai test server model ttft ';

/** The pace of the benchmarks' OpenAI-compatible test server: a hosted model's time to first token and per token. */
export const BENCH_LLM_PACE = { firstTokenDelayMs: 300, tokenIntervalMs: 20 };

/**
 * Replies shaped like a model's: the grounding check approves, everything else gets a short cited answer. Every call
 * is paced alike, the grounding check included, so no step of the pipeline is free.
 */
export const benchLlmResponder: ChatResponder = (body) =>
  JSON.stringify(body.messages).includes('check answers for grounding')
    ? { text: '{"grounded": true}' }
    : { text: 'Here is what the help centre says about that, in twenty words or so, with a citation at the end [1].' };
