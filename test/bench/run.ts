// npm run bench -- <ingest|answer> [options]: runs one benchmark against real Postgres and Redis and prints
// its figures as one JSON object on the last line of stdout.
import { parseArgs } from 'node:util';
import { benchAnswer } from './answer.bench';
import { benchIngest } from './ingest.bench';

const USAGE =
  'usage: npm run bench -- ingest [--dataset <dir>] [--limit <documents>]\n       npm run bench -- answer [--questions <n>]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { dataset: { type: 'string' }, limit: { type: 'string' }, questions: { type: 'string' } },
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
