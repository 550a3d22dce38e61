// The OpenAI-compatible test server as its own process, so the load generator's event loop does not pace it:
// `npm run bench -- widget --llm` starts it and reads its base URL from the line it prints. On SIGUSR2 it prints
// the model's own time to first token over the streamed completions served so far, for the benchmark's report.
import { OpenAiDouble } from '@switchboard/llm/testing';
import { BENCH_LLM_PACE, LISTENING, MODEL_TTFT, benchLlmResponder } from './bench-llm';
import { summary } from './percentiles';

async function main(): Promise<void> {
  const double = await OpenAiDouble.start({ respond: benchLlmResponder, ...BENCH_LLM_PACE });
  process.stdout.write(`${LISTENING}${double.baseUrl}\n`);
  process.on('SIGUSR2', () => {
    const firstTokenMs = double.chatRequests.flatMap((request) =>
      request.firstTokenAt === undefined ? [] : [request.firstTokenAt - request.receivedAt],
    );
    process.stdout.write(
      `${MODEL_TTFT}${JSON.stringify({ ...summary(firstTokenMs), streams: firstTokenMs.length })}\n`,
    );
  });
  process.once('SIGTERM', () => void double.close().then(() => process.exit(0)));
}

void main();
