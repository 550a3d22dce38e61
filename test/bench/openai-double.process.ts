// The OpenAI-compatible test server as its own process, so the load generator's event loop does not pace it:
// `npm run bench -- widget --llm` starts it and reads its base URL from the line it prints.
import { OpenAiDouble } from '../../libs/llm/src/testing/openai-double';
import { BENCH_LLM_PACE, LISTENING, benchLlmResponder } from './bench-llm';

async function main(): Promise<void> {
  const double = await OpenAiDouble.start({ respond: benchLlmResponder, ...BENCH_LLM_PACE });
  process.stdout.write(`${LISTENING}${double.baseUrl}\n`);
  process.once('SIGTERM', () => void double.close().then(() => process.exit(0)));
}

void main();
