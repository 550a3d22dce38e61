/**
 * Fitting the follow-up gate (run from the repository root):
 *
 *   npm run eval -- --dataset ../shared/datasets/doc2dial-multiturn --records out/doc2dial-multiturn.jsonl
 *   npm run eval -- --dataset ../shared/datasets/doc2dial-topicshift --records out/doc2dial-topicshift.jsonl
 *   npm run calibrate:followup -- --records out/doc2dial-multiturn.jsonl,out/doc2dial-topicshift.jsonl
 *
 * The gate tells a follow-up (the earlier turns belong to the question) from a change of subject (they must be
 * ignored). Its inputs are the `context_*` evidence the conversation retriever records for every question asked
 * with history; its label is the dataset's `kind`. The fit is the confidence model's (standardised L2 logistic
 * regression), cross-validated grouped by document and dialogue, and the held-out figures printed are the only
 * ones to quote. Writes libs/answers/src/retrieval/followup-gate.json (or --out). Dev splits only.
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import {
  CalibrationSample,
  compactModel,
  connectedGroups,
  crossValidate,
  fitCalibration,
  FOLLOWUP_THRESHOLD,
  GATE_VERDICT_FEATURES,
  groupKeys,
  readEvalRecords,
} from '@switchboard/answers/eval';
import { UsageError, reportUsageError } from './eval';

const DEFAULT_OUT = 'libs/answers/src/retrieval/followup-gate.json';
const L2_GRID = [0.01, 0.1, 1, 10, 100];
const USAGE = `Usage: npm run calibrate:followup -- --records <file.jsonl,...> [--l2 <x>] [--folds <k>] [--out <file>]

  --records <files>  records of \`npm run eval -- --records\` on the multi-turn dev sets (named by their dataset)
  --l2 <x>           L2 penalty (default: chosen by grouped cross-validation from ${L2_GRID.join(', ')})
  --folds <k>        cross-validation folds (default 5)
  --out <file>       where to write the gate (default ${DEFAULT_OUT})`;

interface GateOptions {
  records: string[];
  l2?: number;
  folds: number;
  out: string;
}

function parseGateArguments(argv: string[]): GateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        records: { type: 'string' },
        l2: { type: 'string' },
        folds: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const records = (values.records ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  if (records.length === 0) throw new UsageError('--records names no file');
  const l2 = values.l2 === undefined ? undefined : Number(values.l2);
  if (l2 !== undefined && !(values.l2?.trim() && l2 >= 0))
    throw new UsageError(`--l2 must be >= 0 (got "${values.l2}")`);
  const folds = values.folds === undefined ? 5 : Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new UsageError(`--folds must be an integer >= 2`);
  return { records, l2, folds, out: values.out ?? DEFAULT_OUT };
}

/** The questions asked with history whose kind is known: 1 for a follow-up, 0 for a change of subject. */
async function gateSamples(files: string[]): Promise<{ samples: CalibrationSample[]; datasets: string[] }> {
  const sets = await Promise.all(files.map((file) => readEvalRecords(file)));
  const usable = sets.map((set) => ({
    name: set.name,
    records: set.records.filter((r) => r.historyTurns > 0 && (r.kind === 'followup' || r.kind === 'topic_shift')),
  }));
  const groups = connectedGroups(usable.flatMap((set) => set.records.map((record) => groupKeys(set.name, record))));
  const samples = usable
    .flatMap((set) => set.records)
    .map((record, i) => ({
      features: gateInputs(record.features),
      label: record.kind === 'followup' ? (1 as const) : (0 as const),
      group: groups[i],
    }));
  return { samples, datasets: usable.filter((set) => set.records.length > 0).map((set) => set.name) };
}

function gateInputs(features: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(features).filter(([name]) => name.startsWith('context_') && !GATE_VERDICT_FEATURES.includes(name)),
  );
}

async function main(argv: string[]): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  let options: GateOptions;
  try {
    options = parseGateArguments(argv);
  } catch (error) {
    return reportUsageError(error, USAGE);
  }
  const { samples, datasets } = await gateSamples(options.records);
  const followups = samples.filter((s) => s.label === 1).length;
  log(`${samples.length} questions with history from ${datasets.join(', ')}: ${followups} follow-ups`);
  const featureNames = [...new Set(samples.flatMap((s) => Object.keys(s.features)))].sort();
  const selection = (options.l2 === undefined ? L2_GRID : [options.l2]).map((l2) => ({
    l2,
    ...crossValidate(samples, options.folds, { featureNames, l2 }),
  }));
  const best = selection.reduce((a, b) => (b.logLoss < a.logLoss ? b : a));
  const heldOutCorrect = best.predictions.filter((p, i) => (p >= FOLLOWUP_THRESHOLD ? 1 : 0) === samples[i].label);
  const heldOut = {
    folds: best.folds,
    groups: best.groups,
    auroc: best.auroc,
    logLoss: best.logLoss,
    accuracyAtThreshold: heldOutCorrect.length / samples.length,
    threshold: FOLLOWUP_THRESHOLD,
  };
  log(
    `l2 ${best.l2}: grouped ${best.folds}-fold held-out AUROC ${best.auroc?.toFixed(4)}, accuracy at ${FOLLOWUP_THRESHOLD} ${heldOut.accuracyAtThreshold.toFixed(4)}`,
  );
  const model = compactModel(
    fitCalibration(samples, {
      featureNames,
      l2: best.l2,
      fittedOn: { datasets, split: 'dev', label: 'kind = followup (1) or topic_shift (0)', crossValidation: heldOut },
    }),
  );
  const out = resolve(options.out);
  const prettierOptions = (await resolveConfig(out)) ?? {};
  await writeFile(out, await format(JSON.stringify(model), { ...prettierOptions, filepath: out }));
  log(`gate written to ${out}`);
  process.stdout.write(
    `${JSON.stringify({ out, l2: best.l2, samples: samples.length, features: featureNames, heldOut })}\n`,
  );
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`[calibrate:followup] failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
