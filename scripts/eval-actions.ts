/**
 * The actions eval from the command line (run from the repository root):
 *
 *   npm run eval:actions -- --dataset ../shared/datasets/actions [--limit N] [--json] [--records out.jsonl]
 *
 * Boots api + worker in this process against the eval database (as `npm run eval` does), serves the dataset's
 * mock-api.json with examples/northwind-api, declares actions.json in a fresh workspace whose knowledge is
 * examples/help-centre, and puts every question line through the widget's turn. Progress and a table go to stderr;
 * the summary is ONE JSON object on the last line of stdout (`{"error": ...}` and exit code 1 on failure, 2 on a
 * usage error).
 */
import 'reflect-metadata';
import { ActionsDatasetError, ActionsEvalSummary } from '@switchboard/actions/eval';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runActionsEval } from './actions-eval-runner';
import { UsageError, evalProcesses, parseLimit, reportUsageError, writeRecords } from './eval';

export const USAGE = `Usage: npm run eval:actions -- --dataset <dir> [--limit <N>] [--json] [--records <file.jsonl>] [--llm-double]

  --dataset <dir>       a directory with actions.json, mock-api.json and one questions*.jsonl,
                        e.g. ../shared/datasets/actions
  --limit <N>           ask only the first N lines
  --json                print only the JSON summary (no table on stderr)
  --records <file>      also write one JSON record per line (calls, reply, verdicts) to this JSONL file
  --llm-double          run the LLM path (tool calling) against the OpenAI test double, whose stand-in model
                        decides with the offline matcher: the plumbing end to end, not a model's judgement.
                        With OPENAI_API_KEY (and OPENAI_BASE_URL) set instead, the configured model runs.`;

export interface ActionsEvalCliOptions {
  dataset: string;
  limit?: number;
  json: boolean;
  records?: string;
  llmDouble: boolean;
}

export function parseActionsEvalArguments(argv: string[]): ActionsEvalCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        dataset: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        records: { type: 'string' },
        'llm-double': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (!values.dataset) throw new UsageError('--dataset is required');
  const limit = parseLimit(values.limit);
  return {
    dataset: values.dataset,
    limit,
    json: values.json ?? false,
    records: values.records,
    llmDouble: values['llm-double'] ?? false,
  };
}

const COLUMNS: Array<[string, number]> = [
  ['', 18],
  ['lines', 5],
  ['action', 6],
  ['args', 6],
  ['e2e', 6],
  ['false+', 6],
  ['follow', 6],
  ['hold', 6],
  ['tries', 5],
  ['contains', 8],
];

/** The human-readable table: each metric overall and per category. */
export function formatActionsSummary(summary: ActionsEvalSummary, dataset: string): string {
  const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1]))).join('  ');
  const row = (label: string, m: Omit<ActionsEvalSummary, 'by_category' | 'latency_ms'>) =>
    line([
      label,
      String(m.questions),
      percent(m.action_accuracy),
      percent(m.argument_exact_match),
      percent(m.end_to_end),
      percent(m.false_trigger_rate),
      percent(m.followup_rate),
      percent(m.adversarial_hold_rate),
      String(m.adversarial_attempts),
      percent(m.answer_contains_rate),
    ]);
  return [
    `actions eval: ${dataset}`,
    line(COLUMNS.map(([title]) => title)),
    row('all', summary),
    ...Object.entries(summary.by_category).map(([category, metrics]) => row(category, metrics)),
    `latency per line: p50 ${summary.latency_ms.p50 ?? '-'} ms, p95 ${summary.latency_ms.p95 ?? '-'} ms`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  let options: ActionsEvalCliOptions;
  try {
    options = parseActionsEvalArguments(argv);
  } catch (error) {
    return reportUsageError(error, USAGE);
  }
  try {
    const run = await runActionsEval({
      datasetDir: resolve(options.dataset),
      limit: options.limit,
      llmDouble: options.llmDouble,
      processes: evalProcesses,
      env: process.env,
      onProgress: (line) => process.stderr.write(`${line}\n`),
    });
    if (options.records) await writeRecords(options.records, run.records, '[eval:actions]');
    if (!options.json) process.stderr.write(`\n${formatActionsSummary(run.summary, run.dataset)}\n\n`);
    process.stdout.write(`${JSON.stringify(run.summary)}\n`);
    return 0;
  } catch (error) {
    // A bad dataset is the user's to fix: its message says all; anything else gets its stack.
    const detail =
      error instanceof ActionsDatasetError ? error.message : error instanceof Error ? error.stack : undefined;
    process.stderr.write(`[eval:actions] failed: ${detail ?? String(error)}\n`);
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
