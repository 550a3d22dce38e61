// npm run bench -- <ingest|answer|widget|search> [options]: runs one benchmark against real Postgres and Redis and prints
// its figures as one JSON object on the last line of stdout.
import { parseArgs } from 'node:util';
import { benchAnswer } from './answer.bench';
import { benchIngest } from './ingest.bench';
import { benchSearch } from './search.bench';
import { benchWidget } from './widget.bench';

const USAGE =
  'usage: npm run bench -- ingest [--dataset <dir>] [--limit <documents>]\n' +
  '       npm run bench -- answer [--questions <n>]\n' +
  '       npm run bench -- widget [--concurrency <conversations>] [--messages <per conversation>]\n' +
  '                               [--think-ms <mean pause between messages>] [--repeat] [--llm] [--api-cpu-prof <dir>]\n' +
  '       npm run bench -- search [--messages <seeded, 100000>] [--questions <distinct queries, 500>] [--seconds <at most, 120>]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      limit: { type: 'string' },
      questions: { type: 'string' },
      concurrency: { type: 'string' },
      messages: { type: 'string' },
      'think-ms': { type: 'string' },
      'api-cpu-prof': { type: 'string' },
      repeat: { type: 'boolean', default: false },
      llm: { type: 'boolean', default: false },
      seconds: { type: 'string' },
    },
  });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(limit > 0)) throw new Error(`--limit must be a positive number\n${USAGE}`);
  const dataset = values.dataset ?? '../shared/datasets/doc2dial';
  let result: Record<string, unknown>;
  switch (positionals[0]) {
    case 'ingest':
      result = await benchIngest({ dataset, limit });
      break;
    case 'answer':
      result = await benchAnswer({
        datasets: ['../shared/datasets/doc2dial', '../shared/datasets/clapnq'],
        questions: Number(values.questions ?? 100),
      });
      break;
    case 'widget': {
      const concurrency = Number(values.concurrency ?? 200);
      const messages = Number(values.messages ?? 3);
      const thinkMs = Number(values['think-ms'] ?? 3000);
      if (!Number.isInteger(thinkMs) || thinkMs < 0 || thinkMs > 60_000)
        throw new Error(`--think-ms must be an integer from 0 to 60000\n${USAGE}`);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 2000)
        throw new Error(`--concurrency must be an integer from 1 to 2000\n${USAGE}`);
      if (!Number.isInteger(messages) || messages < 1 || messages > 50)
        throw new Error(`--messages must be an integer from 1 to 50\n${USAGE}`);
      result = await benchWidget({
        concurrency,
        messagesPerConversation: messages,
        thinkMs,
        repeat: values.repeat ?? false,
        llm: values.llm ?? false,
        apiNodeArgs: values['api-cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['api-cpu-prof']}`] : [],
      });
      break;
    }
    case 'search': {
      const messages = Number(values.messages ?? 100_000);
      const queries = Number(values.questions ?? 500);
      const seconds = Number(values.seconds ?? 120);
      if (!Number.isInteger(messages) || messages < 1 || messages > 2_000_000)
        throw new Error(`--messages must be an integer from 1 to 2000000\n${USAGE}`);
      if (!Number.isInteger(queries) || queries < 1 || queries > 10_000)
        throw new Error(`--questions must be an integer from 1 to 10000\n${USAGE}`);
      if (!(seconds > 0 && seconds <= 1800)) throw new Error(`--seconds must be from 1 to 1800\n${USAGE}`);
      result = await benchSearch({ messages, queries, seconds, datasets: '../shared/datasets' });
      break;
    }
    default:
      throw new Error(USAGE);
  }
  console.log(JSON.stringify(result));
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
