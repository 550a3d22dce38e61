// npm run simulate -- --workspace <id> --threshold <x> [--from <date>] [--to <date>]
// Replays a workspace's stored answer traces against a candidate threshold and prints the result as JSON.
import { AnswerTracesRepository, AnswerTracesService } from '@switchboard/answers';
import { loadConfig } from '@switchboard/config';
import { asWorkspaceId, dataSourceOptions } from '@switchboard/database';
import { ThresholdSimulatorService, TicketsRepository } from '@switchboard/handoff';
import { DataSource } from 'typeorm';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: npm run simulate -- --workspace <workspace id> --threshold <0..1> [--from <ISO date>] [--to <ISO date>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      workspace: { type: 'string' },
      threshold: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const threshold = Number(values.threshold);
  if (!values.workspace || values.threshold === undefined || !(threshold >= 0 && threshold <= 1))
    throw new Error(USAGE);
  const date = (value?: string): Date | undefined => {
    if (value === undefined) return undefined;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new Error(`not a date: ${value}\n${USAGE}`);
    return parsed;
  };
  const config = loadConfig('cli');
  const dataSource = await new DataSource(dataSourceOptions(config.database.url, false)).initialize();
  try {
    const simulator = new ThresholdSimulatorService(
      new AnswerTracesService(new AnswerTracesRepository(dataSource)),
      new TicketsRepository(dataSource.manager),
    );
    const simulation = await simulator.simulate(asWorkspaceId(values.workspace), threshold, {
      from: date(values.from),
      to: date(values.to),
    });
    console.log(JSON.stringify(simulation, null, 2));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
