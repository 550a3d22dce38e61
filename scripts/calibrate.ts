/**
 * Calibrating the answer confidence (run from the repository root):
 *
 *   npm run calibrate
 *   npm run calibrate -- --datasets ../shared/datasets/doc2dial,../shared/datasets/clapnq [--l2 1] [--folds 5]
 *   npm run calibrate -- --records doc2dial.jsonl,clapnq.jsonl   (refit from saved `npm run eval -- --records` output)
 *
 * 1. Runs the eval harness (scripts/eval.ts) on the dev split of each dataset: every question is answered
 *    with the cache bypassed, and its confidence features are recorded. The threshold plays no part.
 * 2. Labels each answer 1 when its draft is correct: the question is answerable and a cited document is
 *    one of its gold documents; otherwise 0. Answers with an empty draft are left out, because the
 *    service gives them confidence 0 without consulting the model.
 * 3. Standardises the features and fits an L2-regularised logistic regression (Newton/IRLS, deterministic).
 *    Unless --l2 is given, the penalty is chosen from 0.01, 0.1, 1, 10, 100 by the lowest 5-fold
 *    cross-validated log-loss (stratified folds).
 * 4. Prints the cross-validated AUROC, Brier score and log-loss (held-out, pooled over folds), next to the
 *    AUROC of the confidences the current model gave, and refits on all samples.
 * 5. Writes libs/answers/src/confidence/calibration.json (or --out), which the answer service loads at
 *    start-up. Choose the default threshold afterwards from the `threshold_sweep` of `npm run eval`.
 *
 * Only dev splits are used; the held-out test splits stay untouched, so do not tune against them.
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { CalibrationSample, crossValidate, fitCalibration } from '../libs/answers/src/confidence/calibration-fit';
import { CalibrationModel } from '../libs/answers/src/confidence/calibration-model';
import { EvalRecord, auroc, isDraftCorrect, runEval } from '../libs/answers/src/eval';
import { UsageError, evalProcesses, reportUsageError } from './eval';

const DEFAULT_DATASETS = ['../shared/datasets/doc2dial', '../shared/datasets/clapnq'];
const DEFAULT_OUT = 'libs/answers/src/confidence/calibration.json';
const L2_GRID = [0.01, 0.1, 1, 10, 100];

const USAGE = `Usage: npm run calibrate [-- --datasets <dir,dir,...> | --records <file.jsonl,...>] [--l2 <x>] [--folds <k>] [--limit <N>] [--out <file>]

  --datasets <dirs>   dataset directories to evaluate (default: ${DEFAULT_DATASETS.join(',')})
  --records <files>   fit from records written by \`npm run eval -- --records\` instead of running the eval
  --l2 <x>            L2 penalty (default: chosen by cross-validation from ${L2_GRID.join(', ')})
  --folds <k>         cross-validation folds (default 5)
  --limit <N>         ask only the first N questions of each dataset (a quick check, not a calibration)
  --out <file>        where to write the model (default ${DEFAULT_OUT})`;

interface CalibrateOptions {
  datasets: string[];
  records: string[];
  l2?: number;
  folds: number;
  limit?: number;
  out: string;
}

interface RecordSet {
  name: string;
  records: EvalRecord[];
}

function parseCalibrateArguments(argv: string[]): CalibrateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        datasets: { type: 'string' },
        records: { type: 'string' },
        l2: { type: 'string' },
        folds: { type: 'string' },
        limit: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const list = (value: string | undefined): string[] =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  if (values.datasets !== undefined && values.records !== undefined) {
    throw new UsageError('give either --datasets or --records, not both');
  }
  const l2 = values.l2 === undefined ? undefined : Number(values.l2);
  if (l2 !== undefined && !(values.l2?.trim() && l2 >= 0 && Number.isFinite(l2))) {
    throw new UsageError(`--l2 must be a number >= 0 (got "${values.l2}")`);
  }
  const folds = values.folds === undefined ? 5 : Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2)
    throw new UsageError(`--folds must be an integer >= 2 (got "${values.folds}")`);
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError(`--limit must be a positive integer (got "${values.limit}")`);
  }
  const records = list(values.records);
  const datasets = records.length > 0 ? [] : values.datasets === undefined ? DEFAULT_DATASETS : list(values.datasets);
  if (records.length === 0 && datasets.length === 0) throw new UsageError('--datasets names no directory');
  return { datasets, records, l2, folds, limit, out: values.out ?? DEFAULT_OUT };
}

async function collectRecords(options: CalibrateOptions, log: (line: string) => void): Promise<RecordSet[]> {
  const sets: RecordSet[] = [];
  for (const file of options.records) {
    const text = await readFile(resolve(file), 'utf8');
    const records = text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as EvalRecord);
    sets.push({ name: basename(file).replace(/\.jsonl$/, ''), records });
  }
  for (const dir of options.datasets) {
    const run = await runEval({
      datasetDir: resolve(dir),
      processes: evalProcesses,
      limit: options.limit,
      env: process.env,
      onProgress: log,
    });
    sets.push({ name: run.dataset, records: run.records });
  }
  return sets;
}

function toSamples(records: readonly EvalRecord[]): CalibrationSample[] {
  return records
    .filter((record) => record.draft.trim().length > 0)
    .map((record) => ({ features: record.features, label: isDraftCorrect(record) ? 1 : 0 }));
}

/** Six significant digits keep the file readable and change no prediction measurably. */
function compact(model: CalibrationModel): CalibrationModel {
  const round = (value: number): number => Number(value.toPrecision(6));
  return {
    ...model,
    mean: model.mean.map(round),
    std: model.std.map(round),
    weights: model.weights.map(round),
    bias: round(model.bias),
  };
}

function figure(value: number | null): string {
  return value === null ? '—' : value.toFixed(4);
}

async function main(argv: string[]): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  let options: CalibrateOptions;
  try {
    options = parseCalibrateArguments(argv);
  } catch (error) {
    return reportUsageError(error, USAGE);
  }
  try {
    const sets = await collectRecords(options, log);
    const perDataset = sets.map((set) => {
      const samples = toSamples(set.records);
      return {
        name: set.name,
        questions: set.records.length,
        samples: samples.length,
        positives: samples.filter((s) => s.label === 1).length,
        currentAuroc: auroc(
          set.records.map((r) => r.confidence),
          set.records.map(isDraftCorrect),
        ),
        samplesList: samples,
      };
    });
    const samples = perDataset.flatMap((d) => d.samplesList);
    const featureNames = [...new Set(samples.flatMap((s) => Object.keys(s.features)))].sort();
    log('');
    for (const d of perDataset) {
      log(
        `${d.name}: ${d.questions} questions, ${d.samples} samples with a draft, ${d.positives} correct; AUROC of the current confidence ${figure(d.currentAuroc)}`,
      );
    }
    log(`features: ${featureNames.join(', ')}`);

    const grid = options.l2 === undefined ? L2_GRID : [options.l2];
    const selection = grid.map((l2) => ({ l2, ...crossValidate(samples, options.folds, { featureNames, l2 }) }));
    log('');
    log(`  l2        ${options.folds}-fold CV:  AUROC    Brier    log-loss  mean predicted / observed`);
    for (const row of selection) {
      log(
        `  ${String(row.l2).padEnd(8)}              ${figure(row.auroc)}   ${figure(row.brier)}   ${figure(row.logLoss)}    ${figure(row.meanPredicted)} / ${figure(row.observedRate)}`,
      );
    }
    const best = selection.reduce((a, b) => (b.logLoss < a.logLoss ? b : a));
    log(`chosen l2 = ${best.l2}`);

    const crossValidation = {
      folds: best.folds,
      auroc: best.auroc,
      brier: best.brier,
      logLoss: best.logLoss,
      perFold: best.perFold,
    };
    const model = compact(
      fitCalibration(samples, {
        featureNames,
        l2: best.l2,
        fittedOn: {
          datasets: perDataset.map(({ name, questions, samples: n, positives }) => ({
            name,
            questions,
            samples: n,
            positives,
          })),
          split: options.limit === undefined ? 'dev' : `dev (first ${options.limit} questions)`,
          label: 'draft cites a gold document of an answerable question',
          crossValidation,
          l2Selection: selection.map((row) => ({
            l2: row.l2,
            auroc: row.auroc,
            brier: row.brier,
            logLoss: row.logLoss,
          })),
        },
      }),
    );
    const out = resolve(options.out);
    const json = JSON.stringify(model, null, 2);
    // Formatted as `npm run format` would, so `format:check` stays green.
    const prettierOptions = (await resolveConfig(out)) ?? {};
    await writeFile(out, await format(json, { ...prettierOptions, filepath: out }));
    log('');
    log(
      `cross-validated: AUROC ${figure(best.auroc)}, Brier ${figure(best.brier)}, log-loss ${figure(best.logLoss)} on ${samples.length} samples`,
    );
    log(`model written to ${out}`);
    process.stdout.write(
      `${JSON.stringify({ out, l2: best.l2, samples: samples.length, features: featureNames, crossValidation })}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(
      `[calibrate] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
