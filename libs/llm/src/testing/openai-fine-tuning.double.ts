import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest } from './openai-double';
import { OpenAiFineTuningOperation, OpenAiOpenApiValidator } from './openai-openapi.validator';

/** How a fine-tuning job the double creates goes on: it advances one step per status read. */
export interface ScriptedFineTuningJob {
  /** How it ends; `succeeded` unless told. */
  outcome?: 'succeeded' | 'failed' | 'cancelled';
  /** Status reads spent `running` before it ends (default 1). */
  runningReads?: number;
  /** The error of a failed job. */
  error?: { code: string; message: string };
  fineTunedModel?: string;
}

/** An error answer for the next request of an operation (a 500, a 429...). */
export interface ScriptedFineTuningError {
  status: number;
  message?: string;
}

export interface DoubleFile {
  id: string;
  filename: string;
  purpose: string;
  content: string;
  createdAt: number;
}

type JobStatus = 'validating_files' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface DoubleFineTuningJob {
  id: string;
  model: string;
  trainingFile: string;
  validationFile: string | null;
  suffix: string | null;
  seed: number;
  status: JobStatus;
  createdAt: number;
  finishedAt: number | null;
  fineTunedModel: string | null;
  error: { code: string; message: string; param: string | null } | null;
  trainedTokens: number | null;
  events: Array<{ id: string; createdAt: number; level: 'info' | 'warn' | 'error'; message: string }>;
  script: ScriptedFineTuningJob;
  runningReads: number;
}

/** OpenAI refuses to train on fewer examples than this. */
const MIN_EXAMPLES = 10;
const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'function']);
const ROUTES: Array<{ pattern: RegExp; method: string; operation: OpenAiFineTuningOperation }> = [
  { pattern: /^\/v1\/files$/, method: 'POST', operation: 'POST /files' },
  { pattern: /^\/v1\/fine_tuning\/jobs$/, method: 'POST', operation: 'POST /fine_tuning/jobs' },
  {
    pattern: /^\/v1\/fine_tuning\/jobs\/[^/]+$/,
    method: 'GET',
    operation: 'GET /fine_tuning/jobs/{fine_tuning_job_id}',
  },
  {
    pattern: /^\/v1\/fine_tuning\/jobs\/[^/]+\/events$/,
    method: 'GET',
    operation: 'GET /fine_tuning/jobs/{fine_tuning_job_id}/events',
  },
];

/**
 * The files and fine-tuning endpoints of the OpenAI double: `POST /files` (multipart), `POST /fine_tuning/jobs`,
 * `GET /fine_tuning/jobs/{id}` and its `/events`. Requests are checked against OpenAI's document and refused as the
 * real API refuses them; jobs validate their training file, then run and end as scripted, one step per status read.
 */
export class OpenAiFineTuningDouble {
  readonly files = new Map<string, DoubleFile>();
  readonly jobs = new Map<string, DoubleFineTuningJob>();
  private readonly jobScript: ScriptedFineTuningJob[] = [];
  private readonly errorScript = new Map<OpenAiFineTuningOperation, ScriptedFineTuningError[]>();
  private counter = 0;

  constructor(
    private readonly spec: OpenAiOpenApiValidator,
    private readonly violations: string[],
    private readonly apiKey: string | undefined,
  ) {}

  /** Scripts the next jobs created, in order; unscripted jobs succeed. */
  enqueueJobs(...jobs: ScriptedFineTuningJob[]): this {
    this.jobScript.push(...jobs);
    return this;
  }

  /** Answers the next request of this operation with an error. */
  failNext(operation: OpenAiFineTuningOperation, error: ScriptedFineTuningError): this {
    this.errorScript.set(operation, [...(this.errorScript.get(operation) ?? []), error]);
    return this;
  }

  serves(method: string, path: string): boolean {
    return ROUTES.some((route) => route.method === method && route.pattern.test(path));
  }

  /** Answers one request the double `serves`; `record` adds it to the double's request log. */
  handle(
    request: IncomingMessage,
    path: string,
    raw: string,
    response: ServerResponse,
    recorded: RecordedRequest,
  ): void {
    const route = ROUTES.find((r) => r.method === request.method && r.pattern.test(path));
    if (!route) return this.sendError(response, 'POST /files', 404, `Unknown request URL: ${request.method} ${path}`);
    const { operation } = route;
    recorded.problems.push(...authorizationProblems(request.headers, this.apiKey));
    if (request.method === 'POST') recorded.body = this.parseBody(operation, request.headers, raw, recorded);
    if (recorded.problems.length > 0) return this.sendError(response, operation, 400, recorded.problems.join('; '));
    const scripted = this.errorScript.get(operation)?.shift();
    if (scripted) return this.sendError(response, operation, scripted.status, scripted.message ?? 'Scripted failure');
    const jobId = path.split('/')[4] ?? '';
    switch (operation) {
      case 'POST /files':
        return this.createFile(response, recorded.body as Record<string, string>);
      case 'POST /fine_tuning/jobs':
        return this.createJob(response, recorded.body as Record<string, unknown>);
      case 'GET /fine_tuning/jobs/{fine_tuning_job_id}':
        return this.readJob(response, jobId);
      case 'GET /fine_tuning/jobs/{fine_tuning_job_id}/events':
        return this.readEvents(response, jobId);
    }
  }

  private parseBody(
    operation: OpenAiFineTuningOperation,
    headers: IncomingHttpHeaders,
    raw: string,
    recorded: RecordedRequest,
  ): unknown {
    const contentType = headers['content-type'] ?? '';
    let body: unknown;
    if (operation === 'POST /files') {
      const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
      if (!contentType.startsWith('multipart/form-data') || !boundary) {
        recorded.problems.push('content-type is not multipart/form-data');
        return undefined;
      }
      body = parseMultipart(raw, boundary[1] ?? boundary[2] ?? '');
    } else {
      if (!contentType.startsWith('application/json')) recorded.problems.push('content-type is not application/json');
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        recorded.problems.push('the body is not JSON');
        return undefined;
      }
    }
    const { filename: _filename, ...fields } = (body ?? {}) as Record<string, unknown>;
    recorded.problems.push(
      ...this.spec.fineTuningRequestProblems(operation, operation === 'POST /files' ? fields : body),
    );
    return body;
  }

  private createFile(response: ServerResponse, body: Record<string, string>): void {
    const filename = body.filename ?? 'upload';
    // OpenAI's message for a fine-tuning upload that is not JSONL.
    if (body.purpose === 'fine-tune' && !filename.endsWith('.jsonl')) {
      return this.sendError(response, 'POST /files', 400, 'Invalid file format for Fine-Tuning API. Must be .jsonl');
    }
    const file: DoubleFile = {
      id: `file-double${++this.counter}`,
      filename,
      purpose: body.purpose,
      content: body.file,
      createdAt: now(),
    };
    this.files.set(file.id, file);
    this.answer(response, 'POST /files', {
      id: file.id,
      object: 'file',
      bytes: Buffer.byteLength(file.content),
      created_at: file.createdAt,
      filename: file.filename,
      purpose: file.purpose,
      status: 'processed',
    });
  }

  private createJob(response: ServerResponse, body: Record<string, unknown>): void {
    for (const param of ['training_file', 'validation_file'] as const) {
      const id = body[param];
      if (typeof id !== 'string') continue;
      const file = this.files.get(id);
      if (!file) return this.sendError(response, 'POST /fine_tuning/jobs', 400, `invalid ${param}: ${id}`);
      if (file.purpose !== 'fine-tune') {
        return this.sendError(
          response,
          'POST /fine_tuning/jobs',
          400,
          `${param} ${file.id} must have purpose fine-tune`,
        );
      }
    }
    const script = this.jobScript.shift() ?? {};
    const job: DoubleFineTuningJob = {
      id: `ftjob-double${++this.counter}`,
      model: String(body.model),
      trainingFile: String(body.training_file),
      validationFile: typeof body.validation_file === 'string' ? body.validation_file : null,
      suffix: typeof body.suffix === 'string' ? body.suffix : null,
      seed: typeof body.seed === 'number' ? body.seed : 42,
      status: 'validating_files',
      createdAt: now(),
      finishedAt: null,
      fineTunedModel: null,
      error: null,
      trainedTokens: null,
      events: [],
      script,
      runningReads: 0,
    };
    this.jobs.set(job.id, job);
    this.event(job, 'info', `Validating training file: ${job.trainingFile}`);
    this.answer(response, 'POST /fine_tuning/jobs', this.jobBody(job));
  }

  private readJob(response: ServerResponse, id: string): void {
    const job = this.jobs.get(id);
    const operation = 'GET /fine_tuning/jobs/{fine_tuning_job_id}';
    if (!job) return this.sendError(response, operation, 404, `No such fine-tuning job: ${id}`);
    this.advance(job);
    this.answer(response, operation, this.jobBody(job));
  }

  private readEvents(response: ServerResponse, id: string): void {
    const job = this.jobs.get(id);
    const operation = 'GET /fine_tuning/jobs/{fine_tuning_job_id}/events';
    if (!job) return this.sendError(response, operation, 404, `No such fine-tuning job: ${id}`);
    const data = [...job.events].reverse().map((event) => ({
      object: 'fine_tuning.job.event',
      id: event.id,
      created_at: event.createdAt,
      level: event.level,
      message: event.message,
      type: 'message',
      data: {},
    }));
    this.answer(response, operation, { object: 'list', data, has_more: false });
  }

  /** One step: validate the files, then run for the scripted reads, then end as scripted. */
  private advance(job: DoubleFineTuningJob): void {
    if (job.status === 'validating_files') {
      const problem = this.trainingFileProblem(job);
      if (problem) return this.finish(job, 'failed', { code: 'invalid_training_file', message: problem });
      job.status = 'running';
      this.event(job, 'info', 'Files validated, moving job to queued state');
      this.event(job, 'info', 'Fine-tuning job started');
      return;
    }
    if (job.status !== 'running') return;
    if (job.runningReads++ < (job.script.runningReads ?? 1)) {
      this.event(job, 'info', `Step ${job.runningReads}: training loss=${(1 / job.runningReads).toFixed(4)}`);
      return;
    }
    const outcome = job.script.outcome ?? 'succeeded';
    const error = job.script.error ?? { code: 'server_error', message: 'The job failed due to an internal error.' };
    this.finish(job, outcome, outcome === 'failed' ? error : null);
  }

  private finish(
    job: DoubleFineTuningJob,
    status: 'succeeded' | 'failed' | 'cancelled',
    error: { code: string; message: string } | null,
  ): void {
    job.status = status;
    job.finishedAt = now();
    if (status === 'succeeded') {
      job.fineTunedModel =
        job.script.fineTunedModel ??
        `ft:${job.model}:double:${job.suffix ?? ''}:${job.id.slice(-6)}`.replace('::', ':');
      job.trainedTokens = Buffer.byteLength(this.files.get(job.trainingFile)?.content ?? '') / 4;
      job.trainedTokens = Math.ceil(job.trainedTokens);
      this.event(job, 'info', `New fine-tuned model created: ${job.fineTunedModel}`);
      this.event(job, 'info', 'The job has successfully completed');
    } else if (error) {
      job.error = { ...error, param: error.code === 'invalid_training_file' ? 'training_file' : null };
      this.event(job, 'error', `The job failed: ${error.message}`);
    } else {
      this.event(job, 'info', 'The job was cancelled');
    }
  }

  /** What OpenAI's file validation finds: lines that are not chat examples, or too few examples. */
  private trainingFileProblem(job: DoubleFineTuningJob): string | null {
    const content = this.files.get(job.trainingFile)?.content ?? '';
    const lines = content.split('\n').filter((line) => line.trim() !== '');
    for (const [index, line] of lines.entries()) {
      const problem = chatExampleProblem(line);
      if (problem) return `Invalid file format. Line ${index + 1}: ${problem}`;
    }
    if (lines.length < MIN_EXAMPLES) {
      return `Training file has ${lines.length} example(s), but must have at least ${MIN_EXAMPLES} examples`;
    }
    return null;
  }

  private event(job: DoubleFineTuningJob, level: 'info' | 'warn' | 'error', message: string): void {
    job.events.push({ id: `ftevent-double${++this.counter}`, createdAt: now(), level, message });
  }

  private jobBody(job: DoubleFineTuningJob): Record<string, unknown> {
    const epochs = job.status === 'succeeded' ? 3 : 'auto';
    return {
      object: 'fine_tuning.job',
      id: job.id,
      model: job.model,
      created_at: job.createdAt,
      finished_at: job.finishedAt,
      fine_tuned_model: job.fineTunedModel,
      organization_id: 'org-double',
      result_files: [],
      status: job.status,
      validation_file: job.validationFile,
      training_file: job.trainingFile,
      hyperparameters: { batch_size: 'auto', learning_rate_multiplier: 'auto', n_epochs: epochs },
      trained_tokens: job.trainedTokens,
      error: job.error,
      seed: job.seed,
      estimated_finish: null,
      integrations: null,
    };
  }

  private answer(response: ServerResponse, operation: OpenAiFineTuningOperation, body: unknown): void {
    this.check(operation, 'json', body);
    sendJson(response, 200, body);
  }

  private sendError(
    response: ServerResponse,
    operation: OpenAiFineTuningOperation,
    status: number,
    message: string,
  ): void {
    const type = status >= 500 ? 'server_error' : status === 429 ? 'requests' : 'invalid_request_error';
    const body = { error: { message, type, param: null, code: null } };
    this.check(operation, 'error', body);
    sendJson(response, status, body);
  }

  private check(operation: OpenAiFineTuningOperation, kind: 'json' | 'error', body: unknown): void {
    const problems = this.spec.fineTuningAnswerProblems(operation, kind, body);
    this.violations.push(...problems.map((problem) => `the double's ${operation} ${problem}`));
  }
}

function authorizationProblems(headers: IncomingHttpHeaders, apiKey: string | undefined): string[] {
  const authorization = headers.authorization;
  if (!authorization?.startsWith('Bearer ')) return ['no Bearer authorization'];
  if (apiKey !== undefined && authorization !== `Bearer ${apiKey}`) return ['wrong API key'];
  return [];
}

/** The fields of a multipart/form-data body; a file part gives its content, and its name as `filename`. */
function parseMultipart(raw: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (!name) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (filename !== undefined) fields.filename = filename;
  }
  return fields;
}

function chatExampleProblem(line: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return 'not valid JSON';
  }
  const messages = (parsed as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length === 0) return "missing 'messages'";
  for (const message of messages as Array<Record<string, unknown>>) {
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) return 'invalid role';
    if (message.role !== 'assistant' && (typeof message.content !== 'string' || message.content === '')) {
      return 'missing content';
    }
  }
  if (!messages.some((message: Record<string, unknown>) => message.role === 'assistant')) {
    return 'no assistant messages';
  }
  return null;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
