/**
 * The actions eval's driver (the dataset README's "Running a line"): serves the dataset's mock-api.json with the
 * Northwind API, declares its actions in a fresh workspace through the admin API, and puts every question line to
 * the bot through the widget's turn (CustomerTurnService), scoring the calls the mock recorded.
 */
import { INestApplication } from '@nestjs/common';
import { ACTION_CLOCK, ActionClock } from '@switchboard/actions';
import {
  ActionsDataset,
  ActionsDatasetError,
  ActionsEvalSummary,
  ActionsLineRecord,
  ActionsQuestion,
  DatasetAction,
  callsFromRequests,
  loadActionsDataset,
  scoreLine,
  summariseActionsEval,
} from '@switchboard/actions/eval';
import {
  EvalApiClient,
  EvalStack,
  EvalStackOptions,
  importKnowledge,
  provisionWorkspace,
  removeKnowledgeSource,
  withEvalStack,
} from '@switchboard/answers/eval';
import { newVisitorSourceId, userSourceId } from '@switchboard/auth';
import { ConversationMessagesService } from '@switchboard/conversations';
import type { Message } from '@switchboard/database';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { CustomerTurnService } from '@switchboard/handoff';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  NorthwindApi,
  NorthwindData,
  northwindDataProblems,
  startNorthwindApi,
} from '../examples/northwind-api/server';
import { toolCallingStandIn } from '@switchboard/actions/testing';
import { OpenAiDouble } from '@switchboard/llm/testing';

export const HELP_CENTRE_DIR = join(__dirname, '../examples/help-centre');
/** What the customer answers when the bot asks to confirm a side effect. */
export const CONFIRMATION_ANSWER = 'yes';

export interface ActionsEvalOptions extends Omit<EvalStackOptions, 'variables'> {
  datasetDir: string;
  limit?: number;
  /**
   * Run the LLM path against the OpenAI test double, whose tool-calling stand-in decides with the offline matcher:
   * it checks the tool-calling plumbing end to end (tools, tool results, the model's reply), not a model's judgement.
   */
  llmDouble?: boolean;
}

export interface ActionsEvalRun {
  dataset: string;
  /** The workspace the lines were put to; it stays in the eval database. */
  workspaceId: string;
  summary: ActionsEvalSummary;
  records: ActionsLineRecord[];
}

/** The workspace a run puts its questions to. */
interface EvalWorkspace {
  workspaceId: WorkspaceId;
  inboxId: string;
  turns: CustomerTurnService;
  messages: ConversationMessagesService;
}

/** A bot message that asks the customer to confirm a side effect (ASSUMED shape, set by the turn). */
export interface ConfirmationMetadata {
  confirmation: { action: string; arguments: Record<string, string> };
}

export async function runActionsEval(options: ActionsEvalOptions): Promise<ActionsEvalRun> {
  const progress = options.onProgress ?? (() => undefined);
  const dataset = await loadActionsDataset(options.datasetDir, options.limit);
  const problems = northwindDataProblems(dataset.mock);
  if (problems.length > 0) throw new ActionsDatasetError(`${dataset.dir}/mock-api.json: ${problems.join('; ')}`);
  progress(`[eval:actions] ${dataset.name}: ${dataset.actions.length} actions, ${dataset.questions.length} questions`);
  const mock = await startNorthwindApi({ data: dataset.mock as unknown as NorthwindData });
  const double = options.llmDouble ? await OpenAiDouble.start({ respond: toolCallingStandIn() }) : null;
  try {
    // The mock listens on this machine: the documented switch lets declared action hosts be private.
    const variables = { CRAWL_ALLOW_PRIVATE_NETWORKS: 'true', ...(double ? llmDoubleVariables(double) : {}) };
    return await withEvalStack({ ...options, variables, onProgress: progress }, async (stack) => {
      const { workspaceId, records } = await inWorkspace(stack, dataset, mock, progress);
      return { dataset: dataset.name, workspaceId, summary: summariseActionsEval(records), records };
    });
  } finally {
    await mock.close();
    await double?.close();
  }
}

/** The configuration that points the model at the double. */
function llmDoubleVariables(double: OpenAiDouble): Record<string, string> {
  return {
    OPENAI_API_KEY: 'sk-eval-double',
    OPENAI_BASE_URL: double.baseUrl,
    OPENAI_MODEL: 'gpt-4o-mini',
    OPENAI_SMALL_MODEL: 'gpt-4o-mini',
  };
}

/** Sets up the workspace (settings, inbox, actions, help centre), asks every line, then removes the knowledge. */
async function inWorkspace(
  stack: EvalStack,
  dataset: ActionsDataset,
  mock: NorthwindApi,
  progress: (line: string) => void,
): Promise<{ workspaceId: string; records: ActionsLineRecord[] }> {
  const name = `eval actions ${dataset.name} ${new Date().toISOString()}`;
  const { workspaceId, client } = await provisionWorkspace(stack.admin, name);
  await client.send('PATCH', '/v1/workspace/settings', { timezone: dataset.mock.timezone, actionHosts: [mock.host] });
  const inbox = await client.send<{ inbox: { id: string } }>('POST', '/v1/inboxes', { name, channel: 'widget' });
  await declareActions(client, dataset.actions, mock.url);
  const sourceId = await importKnowledge(stack, client, 'Northwind help centre', await helpCentreLines(), progress);
  try {
    fixClock(stack.api, new Date(dataset.mock.now));
    const workspace: EvalWorkspace = {
      workspaceId: asWorkspaceId(workspaceId),
      inboxId: inbox.inbox.id,
      turns: stack.api.get(CustomerTurnService),
      messages: stack.api.get(ConversationMessagesService),
    };
    return { workspaceId, records: await askLines(workspace, dataset, mock, progress) };
  } finally {
    await removeKnowledgeSource(stack, client, workspaceId, sourceId, progress);
  }
}

/** actions.json through the admin API: `path` on the mock's origin is the url, `identity` a list. */
export function actionRequestBody(action: DatasetAction, baseUrl: string): Record<string, unknown> {
  return {
    name: action.name,
    description: action.description,
    method: action.method,
    url: `${baseUrl}${action.path}`,
    parameters: action.parameters,
    identity: action.identity === null ? [] : [action.identity],
    sideEffect: action.side_effect,
    examples: action.examples,
  };
}

async function declareActions(client: EvalApiClient, actions: readonly DatasetAction[], baseUrl: string) {
  for (const action of actions) await client.send('POST', '/v1/actions', actionRequestBody(action, baseUrl));
}

/** The help centre as import lines: the file name as id, the front matter's title (or first heading) as title. */
export async function helpCentreLines(dir = HELP_CENTRE_DIR): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      const title = /^title:\s*(.+)$/m.exec(text)?.[1] ?? /^#\s+(.+)$/m.exec(text)?.[1] ?? name;
      return JSON.stringify({ id: name, title: title.trim(), text });
    }),
  );
}

/**
 * The turn reads "now" from ACTION_CLOCK; the api is built as in production (createApiApp), so its clock object is
 * fixed in place rather than swapped for another provider.
 */
export function fixClock(api: Pick<INestApplication, 'get'>, now: Date): void {
  const clock = api.get<ActionClock>(ACTION_CLOCK);
  clock.now = () => new Date(now);
}

async function askLines(
  workspace: EvalWorkspace,
  dataset: ActionsDataset,
  mock: NorthwindApi,
  progress: (line: string) => void,
): Promise<ActionsLineRecord[]> {
  const clock = { now: new Date(dataset.mock.now), timeZone: dataset.mock.timezone };
  const records: ActionsLineRecord[] = [];
  const started = performance.now();
  let lastReport = started;
  for (const [i, question] of dataset.questions.entries()) {
    mock.reset();
    const { reply, latencyMs } = await askLine(workspace, question).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Line ${question.id} failed: ${message}`, { cause: error });
    });
    const observation = { calls: callsFromRequests(mock.requests, dataset.actions), reply, latencyMs };
    const scores = scoreLine(question, observation, dataset.actions, clock);
    records.push({ id: question.id, category: question.category, ...observation, scores });
    const now = performance.now();
    if (now - lastReport > 5000 || i + 1 === dataset.questions.length) {
      progress(`[eval:actions] asked ${i + 1}/${dataset.questions.length} ${Math.round((now - started) / 1000)}s`);
      lastReport = now;
    }
  }
  return records;
}

/** One line: a fresh conversation with its contact and history, the question, and one "yes" if asked to confirm. */
async function askLine(
  workspace: EvalWorkspace,
  question: ActionsQuestion,
): Promise<{ reply: string; latencyMs: number }> {
  const conversationId = await openConversation(workspace, question.identity?.customer_email ?? null);
  await storeHistory(workspace, conversationId, question.history);
  const before = performance.now();
  let replies = await customerSays(workspace, conversationId, question.question);
  if (replies.some(isConfirmationRequest)) replies = await customerSays(workspace, conversationId, CONFIRMATION_ANSWER);
  const latencyMs = Math.round((performance.now() - before) * 10) / 10;
  return { reply: replies.map((message) => message.content).join('\n'), latencyMs };
}

/**
 * A conversation as the widget opens one: a verified customer is the contact of source `user:<e-mail>` (their
 * verified userId is their e-mail address), anyone else a new anonymous visitor.
 */
async function openConversation(workspace: EvalWorkspace, email: string | null): Promise<string> {
  const { workspaceId, inboxId, messages } = workspace;
  if (email === null) {
    const visitor = { inboxId, sourceId: newVisitorSourceId() };
    return (await messages.openForNewVisitor(workspaceId, visitor)).conversationId;
  }
  const verified = { inboxId, sourceId: userSourceId(email), email, externalId: email };
  await messages.findOrCreateContact(workspaceId, verified);
  return (await messages.openConversation(workspaceId, verified)).conversation.id;
}

/** The earlier turns, stored as said: the customer's messages and the bot's replies, nothing answered. */
async function storeHistory(
  workspace: EvalWorkspace,
  conversationId: string,
  history: ActionsQuestion['history'],
): Promise<void> {
  const { workspaceId, messages } = workspace;
  for (const turn of history) {
    if (turn.role === 'customer')
      await messages.receiveCustomerMessage(workspaceId, conversationId, { content: turn.text });
    else
      await messages.addBotMessage(workspaceId, conversationId, { content: turn.text, kind: 'message', metadata: {} });
  }
}

/** The customer writes through the widget's turn; the bot's stored messages after it are its reply. */
async function customerSays(workspace: EvalWorkspace, conversationId: string, content: string): Promise<Message[]> {
  const { workspaceId, turns, messages } = workspace;
  const turn = await turns.handleMessage(workspaceId, conversationId, { content }, { stream: false });
  await turn.reply;
  const transcript = await messages.history(workspaceId, conversationId, { includePrivate: false });
  const asked = transcript.findIndex((message) => message.id === turn.message.id);
  return transcript.slice(asked + 1).filter((message) => message.author === 'bot');
}

export function isConfirmationRequest(message: { metadata: unknown }): boolean {
  const confirmation = (message.metadata as Partial<ConfirmationMetadata> | null)?.confirmation;
  return typeof confirmation === 'object' && confirmation !== null && typeof confirmation.action === 'string';
}
