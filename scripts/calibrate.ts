/**
 * Calibrating the answer confidence (run from the repository root):
 *
 *   npm run calibrate
 *   npm run calibrate -- --datasets ../shared/datasets/doc2dial,../shared/datasets/clapnq [--l2 1] [--folds 5]
 *   npm run calibrate -- --records /tmp/r/doc2dial.jsonl,/tmp/r/clapnq.jsonl   (refit from `npm run eval -- --records`
 *                                                                             output; the file name names the dataset)
 *   npm run calibrate -- --records ... --features top_cosine,answer_coverage --out /tmp/try.json   (compare feature sets)
 *
 * 1. Runs the eval harness (scripts/eval.ts) on the dev split of each dataset (by default all four dev sets): every
 *    question is answered with the cache bypassed, and its confidence features are recorded. The threshold plays no
 *    part in the fit.
 * 2. Labels each answer 1 when its draft is correct by --label (default cited: any citation a gold document; strict:
 *    answerable, first citation a gold document, the draft holds most of the gold answer), otherwise 0. Cited is the
 *    default because the model fitted on it ranks even strict correctness better held out (strict AUROC 0.806 vs
 *    0.798 on the dev sets): strict token recall on short gold spans is a noisy target. Both are reported. Answers
 *    with an empty draft are left out of the fit, because the service gives them confidence 0 without the model.
 * 3. Groups the samples so that questions sharing a gold document or a dialogue are in one group (union-find over
 *    `doc:<id>` and `dialogue:<family>:<dialogue id>`; the doc2dial sets share documents and dialogues, so they are one
 *    family), and cross-validates with folds that never split a group (ARCHITECTURE.md §7).
 * 4. Standardises the features and fits an L2-regularised logistic regression (Newton/IRLS, deterministic).
 *    Unless --l2 is given, the penalty is chosen from 0.01, 0.1, 1, 10, 100 by the lowest grouped-CV log-loss.
 * 5. Prints the held-out figures: pooled CV AUROC, Brier score and log-loss, and per dataset, from the out-of-fold
 *    predictions, the AUROC of both labels and the decision figures at the threshold (the workspace default unless
 *    --threshold). They are recorded in `fittedOn.crossValidation`; then the model is refitted on all samples.
 * 6. Writes libs/answers/src/confidence/calibration.json (or --out), which the answer service loads at start-up.
 *
 * Only dev splits are used; the held-out test splits stay untouched, so do not tune against them.
 */
import 'reflect-metadata';
import { DEFAULT_WORKSPACE_SETTINGS } from '@switchboard/database';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import {
  answersAt,
  auroc,
  CalibrationSample,
  compactModel,
  connectedGroups,
  CORRECTNESS_LABELS,
  CorrectnessLabel,
  crossValidate,
  DecisionFigures,
  decisionFigures,
  EvalRecord,
  fitCalibration,
  FOLLOWUP_GATE,
  groupKeys,
  isCorrect,
  readEvalRecords,
  RECORDED_AFTER_CONFIDENCE,
  runEval,
} from '@switchboard/answers/eval';
import { UsageError, evalProcesses, reportUsageError } from './eval';

const DEFAULT_DATASETS = [
  '../shared/datasets/doc2dial',
  '../shared/datasets/doc2dial-multiturn',
  '../shared/datasets/doc2dial-topicshift',
  '../shared/datasets/clapnq',
];
const DEFAULT_OUT = 'libs/answers/src/confidence/calibration.json';
const L2_GRID = [0.01, 0.1, 1, 10, 100];

const LABEL_DEFINITIONS: Record<CorrectnessLabel, string> = {
  strict:
    'answerable, the first citation is a gold document and the draft holds >= 0.5 of the gold answer tokens (SQuAD-normalised)',
  cited: 'answerable and a cited document is a gold document',
};

const USAGE = `Usage: npm run calibrate [-- --datasets <dir,dir,...> | --records <file.jsonl,...>] [--label strict|cited]
       [--features <a,b,...>] [--l2 <x>] [--folds <k>] [--threshold <x>] [--limit <N>] [--out <file>]

  --datasets <dirs>    dataset directories to evaluate (default: ${DEFAULT_DATASETS.join(',')})
  --records <files>    fit from records written by \`npm run eval -- --records\` instead of running the eval;
                       each file's name without .jsonl names its dataset (e.g. doc2dial-multiturn.jsonl)
  --label <label>      correctness label to fit: ${CORRECTNESS_LABELS.join(' or ')} (default strict)
  --features <names>   fit only these features (default: every feature seen in the records)
  --l2 <x>             L2 penalty (default: chosen by grouped cross-validation from ${L2_GRID.join(', ')})
  --folds <k>          cross-validation folds (default 5)
  --threshold <x>      threshold of the held-out decision figures (default ${DEFAULT_WORKSPACE_SETTINGS.confidenceThreshold}, the workspace default)
  --limit <N>          ask only the first N questions of each dataset (a quick check, not a calibration)
  --out <file>         where to write the model (default ${DEFAULT_OUT})`;

interface CalibrateOptions {
  datasets: string[];
  records: string[];
  label: CorrectnessLabel;
  features?: string[];
  l2?: number;
  folds: number;
  threshold: number;
  limit?: number;
  out: string;
}

interface RecordSet {
  name: string;
  records: EvalRecord[];
}

/** Held-out figures of one dataset under one label. */
interface HeldOutLabelFigures extends DecisionFigures {
  auroc: number | null;
}

interface HeldOutDatasetFigures {
  name: string;
  questions: number;
  samples: number;
  labels: Record<CorrectnessLabel, HeldOutLabelFigures>;
}

function parseCalibrateArguments(argv: string[]): CalibrateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        datasets: { type: 'string' },
        records: { type: 'string' },
        label: { type: 'string' },
        features: { type: 'string' },
        l2: { type: 'string' },
        folds: { type: 'string' },
        threshold: { type: 'string' },
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
  const label = values.label ?? 'cited';
  if (!isLabel(label)) throw new UsageError(`--label must be ${CORRECTNESS_LABELS.join(' or ')} (got "${label}")`);
  const features = values.features === undefined ? undefined : [...new Set(list(values.features))];
  if (features?.length === 0) throw new UsageError('--features names no feature');
  const l2 = values.l2 === undefined ? undefined : Number(values.l2);
  if (l2 !== undefined && !(values.l2?.trim() && l2 >= 0 && Number.isFinite(l2))) {
    throw new UsageError(`--l2 must be a number >= 0 (got "${values.l2}")`);
  }
  const folds = values.folds === undefined ? 5 : Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2)
    throw new UsageError(`--folds must be an integer >= 2 (got "${values.folds}")`);
  const threshold =
    values.threshold === undefined ? DEFAULT_WORKSPACE_SETTINGS.confidenceThreshold : Number(values.threshold);
  if (values.threshold !== undefined && !(values.threshold.trim() && threshold >= 0 && threshold <= 1)) {
    throw new UsageError(`--threshold must be a number between 0 and 1 (got "${values.threshold}")`);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new UsageError(`--limit must be a positive integer (got "${values.limit}")`);
  }
  const records = list(values.records);
  const datasets = records.length > 0 ? [] : values.datasets === undefined ? DEFAULT_DATASETS : list(values.datasets);
  if (records.length === 0 && datasets.length === 0) throw new UsageError('--datasets names no directory');
  return { datasets, records, label, features, l2, folds, threshold, limit, out: values.out ?? DEFAULT_OUT };
}

function isLabel(value: string): value is CorrectnessLabel {
  return (CORRECTNESS_LABELS as readonly string[]).includes(value);
}

async function collectRecords(options: CalibrateOptions, log: (line: string) => void): Promise<RecordSet[]> {
  const sets: RecordSet[] = [];
  for (const file of options.records) sets.push(await readEvalRecords(file));
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

function hasDraft(record: EvalRecord): boolean {
  return record.draft.trim().length > 0;
}

/** AUROC of both labels and the decision figures at the threshold, over all records of one dataset. */
function labelFigures(
  records: readonly EvalRecord[],
  threshold: number,
): Record<CorrectnessLabel, HeldOutLabelFigures> {
  const figures = (label: CorrectnessLabel): HeldOutLabelFigures => ({
    auroc: round4(
      auroc(
        records.map((r) => r.confidence),
        records.map((r) => isCorrect(r, label)),
      ),
    ),
    ...decisionFigures(records, (r) => answersAt(r, threshold), label),
  });
  return { strict: figures('strict'), cited: figures('cited') };
}

function round4(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10000) / 10000;
}

function figure(value: number | null): string {
  return value === null ? '—' : value.toFixed(4);
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function heldOutTable(rows: readonly HeldOutDatasetFigures[]): string[] {
  const width = Math.max(7, ...rows.map((row) => row.name.length));
  const columns = CORRECTNESS_LABELS.flatMap((label) => [`AUROC ${label}`, `resolution ${label}`, `false ${label}`]);
  return [
    `  ${'dataset'.padEnd(width)}  questions  samples  answered  unanswerable escalated  ${columns.join('  ')}`,
    ...rows.map((row) => {
      const first = row.labels[CORRECTNESS_LABELS[0]];
      const cells = CORRECTNESS_LABELS.flatMap((label) => {
        const figures = row.labels[label];
        return [
          figure(figures.auroc).padStart(`AUROC ${label}`.length),
          percent(figures.resolution_rate).padStart(`resolution ${label}`.length),
          percent(figures.false_answer_rate).padStart(`false ${label}`.length),
        ];
      });
      return (
        `  ${row.name.padEnd(width)}  ${String(row.questions).padStart(9)}  ${String(row.samples).padStart(7)}  ` +
        `${percent(first.answered_rate).padStart(8)}  ${percent(first.unanswerable_escalation_recall).padStart(22)}  ${cells.join('  ')}`
      );
    }),
  ];
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
    // Grouped over all records of all sets, so that a question asked in two sets lands in one group.
    const groupOf = connectedGroups(sets.flatMap((set) => set.records.map((record) => groupKeys(set.name, record))));
    // Which record every sample comes from, so the out-of-fold predictions can be put back.
    const origins: Array<{ set: number; record: number }> = [];
    const samples: CalibrationSample[] = [];
    let position = 0;
    sets.forEach((set, s) =>
      set.records.forEach((record, r) => {
        const group = groupOf[position++];
        if (!hasDraft(record)) return;
        origins.push({ set: s, record: r });
        samples.push({ features: record.features, label: isCorrect(record, options.label) ? 1 : 0, group });
      }),
    );
    const seen = [...new Set(samples.flatMap((s) => Object.keys(s.features)))].sort();
    const unknown = (options.features ?? []).filter((name) => !seen.includes(name));
    if (unknown.length > 0) {
      throw new Error(`--features: no record has ${unknown.join(', ')}; the records have ${seen.join(', ')}`);
    }
    // The gate's inputs decide retrieval; the confidence reads the gate's verdict and what was answered.
    const featureNames =
      options.features ??
      seen.filter((name) => !FOLLOWUP_GATE.features.includes(name) && !RECORDED_AFTER_CONFIDENCE.includes(name));

    log('');
    sets.forEach((set, s) => {
      const fromSet = samples.filter((_, i) => origins[i].set === s);
      const recorded = labelFigures(set.records, options.threshold);
      log(
        `${set.name}: ${set.records.length} questions (${set.records.filter((r) => r.historyTurns > 0).length} with history), ` +
          `${fromSet.length} samples with a draft, ${fromSet.filter((x) => x.label === 1).length} correct (${options.label}); ` +
          `AUROC of the recorded confidence strict ${figure(recorded.strict.auroc)} cited ${figure(recorded.cited.auroc)} ` +
          '(in-sample if that model was fitted on this set)',
      );
    });
    log(`label: ${options.label} (${LABEL_DEFINITIONS[options.label]})`);
    log(`features: ${featureNames.join(', ')}`);

    const grid = options.l2 === undefined ? L2_GRID : [options.l2];
    const selection = grid.map((l2) => ({ l2, ...crossValidate(samples, options.folds, { featureNames, l2 }) }));
    log('');
    const heading = `  l2        grouped ${options.folds}-fold CV (${selection[0].groups} groups):  `;
    log(`${heading}AUROC    Brier    log-loss  mean predicted / observed`);
    for (const row of selection) {
      log(
        `  ${String(row.l2).padEnd(heading.length - 2)}${figure(row.auroc)}   ${figure(row.brier)}   ${figure(row.logLoss)}    ` +
          `${figure(row.meanPredicted)} / ${figure(row.observedRate)}`,
      );
    }
    const best = selection.reduce((a, b) => (b.logLoss < a.logLoss ? b : a));
    log(`chosen l2 = ${best.l2}`);

    // The records as the service would have scored them with the held-out model: a draft gets its out-of-fold
    // prediction; an empty draft keeps its recorded confidence (0), and answersAt keeps other escalations.
    const heldOut = sets.map((set) => ({ ...set, records: [...set.records] }));
    origins.forEach((origin, i) => {
      const record = heldOut[origin.set].records[origin.record];
      heldOut[origin.set].records[origin.record] = { ...record, confidence: best.predictions[i] };
    });
    const perDataset: HeldOutDatasetFigures[] = heldOut.map((set, s) => ({
      name: set.name,
      questions: set.records.length,
      samples: origins.filter((origin) => origin.set === s).length,
      labels: labelFigures(set.records, options.threshold),
    }));
    log('');
    log(`held out (out-of-fold predictions of the grouped CV), threshold ${options.threshold}:`);
    for (const line of heldOutTable(perDataset)) log(line);

    const crossValidation = {
      folds: best.folds,
      groups: best.groups,
      auroc: best.auroc,
      brier: best.brier,
      logLoss: best.logLoss,
      perFold: best.perFold,
      threshold: options.threshold,
      perDataset,
    };
    const model = compactModel(
      fitCalibration(samples, {
        featureNames,
        l2: best.l2,
        fittedOn: {
          datasets: perDataset.map(({ name, questions, samples: n }, s) => ({
            name,
            questions,
            samples: n,
            positives: samples.filter((sample, i) => origins[i].set === s && sample.label === 1).length,
          })),
          split: options.limit === undefined ? 'dev' : `dev (first ${options.limit} questions)`,
          label: options.label,
          labelDefinition: LABEL_DEFINITIONS[options.label],
          grouping:
            'questions sharing a gold document or a dialogue (doc2dial sets as one family) are in one cross-validation group',
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
      `grouped CV (held out): AUROC ${figure(best.auroc)}, Brier ${figure(best.brier)}, log-loss ${figure(best.logLoss)} ` +
        `on ${samples.length} samples in ${best.groups} groups`,
    );
    log(`model written to ${out}`);
    process.stdout.write(
      `${JSON.stringify({ out, label: options.label, l2: best.l2, samples: samples.length, features: featureNames, crossValidation })}\n`,
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
