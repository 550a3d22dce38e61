// npm run fine-tuning:export -- --workspace <id> [--out train.jsonl] [--seed 42] [--max-conversations 5000]
// Builds a fine-tuning dataset from the workspace's resolved conversations, as POST /v1/fine-tuning/exports does,
// prints its report, and writes the training file (and `<out>` with .validation before the extension).
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ConfigModule, ConfigValidationError, loadConfig } from '@switchboard/config';
import { DatabaseModule, asWorkspaceId } from '@switchboard/database';
import { FineTuningExportsService, FineTuningModule, TooFewExamplesError } from '@switchboard/fine-tuning';
import { ObservabilityModule } from '@switchboard/observability';
import { QueueModule } from '@switchboard/queue';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: npm run fine-tuning:export -- --workspace <id> [--out train.jsonl] [--seed 42] [--max-conversations 5000]';

function validationPath(out: string): string {
  return /\.jsonl$/.test(out) ? out.replace(/\.jsonl$/, '.validation.jsonl') : `${out}.validation`;
}

function integer(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      'max-conversations': { type: 'string' },
    },
  });
  if (!values.workspace) {
    console.error(`--workspace is required\n${USAGE}`);
    return 2;
  }
  const workspaceId = asWorkspaceId(values.workspace);
  const seed = integer('seed', values.seed);
  const maxConversations = integer('max-conversations', values['max-conversations']);
  const config = loadConfig('cli');

  @Module({
    imports: [
      ConfigModule.forRoot('cli', config),
      ObservabilityModule.forRoot(),
      DatabaseModule,
      EventEmitterModule.forRoot(),
      QueueModule.forRoot({ relay: false }),
      FineTuningModule,
    ],
  })
  class FineTuningCliModule {}

  const app = await NestFactory.createApplicationContext(FineTuningCliModule, { logger: ['error'] });
  try {
    const dataset = await app.get(FineTuningExportsService).create(workspaceId, {
      ...(seed !== undefined ? { seed } : {}),
      ...(maxConversations !== undefined ? { maxConversations } : {}),
    });
    const out = values.out ?? `fine-tuning-${dataset.id}.jsonl`;
    writeFileSync(out, dataset.trainJsonl);
    writeFileSync(validationPath(out), dataset.validationJsonl);
    console.log(
      JSON.stringify({ id: dataset.id, train: out, validation: validationPath(out), ...dataset.report }, null, 2),
    );
    return 0;
  } catch (error) {
    if (error instanceof TooFewExamplesError) {
      console.error(error.message);
      return 3;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigValidationError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
