import { asWorkspaceId } from '@switchboard/database';
import type { LlmClient, LlmCompletion, LlmRequest, LlmStreamEvent, LlmToolCall } from '@switchboard/llm';
import type { ActionDefinitionView } from '../../action-definitions.service';
import type { ActionCallOutcome } from '../../calling/call-outcome';
import type { ActionPlanRequest, ActionToolbox, ToolCallResult } from '../../turn/action-planner';

export const WORKSPACE = asWorkspaceId('00000000-0000-4000-8000-000000000001');

/** An action as the planner gets it, with a header and a secret that must never reach the model. */
export function actionView(
  fields: Partial<ActionDefinitionView> & Pick<ActionDefinitionView, 'name'>,
): ActionDefinitionView {
  return {
    id: `id-${fields.name}`,
    workspaceId: WORKSPACE,
    description: `The ${fields.name} action.`,
    method: 'GET',
    url: `https://api.example.com/${fields.name}?token={{secrets.API_TOKEN}}`,
    parameters: { type: 'object', properties: {} },
    identity: [],
    sideEffect: false,
    examples: [],
    headers: { Authorization: 'Bearer {{secrets.API_TOKEN}}', 'X-Shop': 'shop-header-value' },
    secrets: [{ name: 'API_TOKEN', set: true }],
    channels: null,
    visibility: 'public',
    timeoutMs: 5_000,
    maxResponseBytes: 65_536,
    answerTemplate: null,
    enabled: true,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    ...fields,
  };
}

/** Looks an order up by number; its owner's email is identity. */
export const ORDER_STATUS = actionView({
  name: 'order_status',
  description: 'Where an order is: status, carrier and expected delivery.',
  parameters: {
    type: 'object',
    properties: {
      order_number: { type: 'string', pattern: '^A-\\d{4}$', description: 'Order number, e.g. A-1234.' },
      customer_email: { type: 'string', format: 'email', description: 'Verified customer e-mail.' },
    },
    required: ['order_number', 'customer_email'],
  },
  identity: ['customer_email'],
});

/** A side effect with an enum whose values customers call by other names. */
export const BOOK_SERVICE = actionView({
  name: 'book_service',
  description: 'Book a mechanic visit in one of our areas on a date.',
  method: 'POST',
  sideEffect: true,
  parameters: {
    type: 'object',
    properties: {
      area: {
        type: 'string',
        enum: ['north_shore', 'harbour'],
        description: 'Service area id.',
        'x-aliases': { north_shore: ['North Shore', 'Salem'], harbour: ['Harbor', 'Dockside'] },
      },
      date: { type: 'string', format: 'date', description: 'Visit date as YYYY-MM-DD.' },
      account_id: { type: 'string', description: 'Verified account.' },
    },
    required: ['area', 'date', 'account_id'],
  },
  identity: ['account_id'],
});

export function planRequest(fields: Partial<ActionPlanRequest> = {}): ActionPlanRequest {
  return {
    workspaceId: WORKSPACE,
    // A UUID like a stored conversation's: the LLM call log keeps it in a uuid column.
    conversationId: '00000000-0000-4000-8000-00000000c0c1',
    question: 'Where is my order A-1234?',
    history: [],
    clock: { now: new Date('2026-12-06T23:30:00Z'), timeZone: 'Pacific/Auckland' },
    actions: [ORDER_STATUS, BOOK_SERVICE],
    pending: null,
    deadline: Date.now() + 10_000,
    ...fields,
  };
}

/** A toolbox that records every call and answers from a script (by default: the call was made, 200 with `{}`). */
export class RecordingToolbox implements ActionToolbox {
  readonly calls: Array<{ action: string; args: Record<string, string> }> = [];
  private readonly script: ToolCallResult[] = [];

  answer(...results: ToolCallResult[]): this {
    this.script.push(...results);
    return this;
  }

  async call(action: string, args: Record<string, string>): Promise<ToolCallResult> {
    this.calls.push({ action, args: { ...args } });
    return this.script.shift() ?? calledWith({ kind: 'ok', status: 200, body: {} }, action);
  }
}

export function calledWith(outcome: ActionCallOutcome, action = 'order_status'): ToolCallResult {
  return {
    kind: 'called',
    outcome,
    record: {
      action,
      arguments: {},
      status: 'status' in outcome ? outcome.status : null,
      latencyMs: 12,
      outcome: outcome.kind,
      attempts: 1,
      responseExcerpt: null,
    },
  };
}

/** A scripted model turn: text, calls, or a failure. */
export type ScriptedTurn = { text?: string; calls?: Array<{ name: string; arguments: unknown }> } | { fail: Error };

/** An LlmClient that answers `complete` from a script and keeps every request. */
export class ScriptedLlm implements LlmClient {
  readonly requests: LlmRequest[] = [];
  private readonly turns: ScriptedTurn[] = [];
  private callCounter = 0;

  constructor(private readonly onRequest: (request: LlmRequest) => Promise<void> = async () => undefined) {}

  script(...turns: ScriptedTurn[]): this {
    this.turns.push(...turns);
    return this;
  }

  async complete(request: LlmRequest): Promise<LlmCompletion> {
    // The planner keeps one message list and grows it; a copy keeps what this request carried.
    this.requests.push({ ...request, messages: [...request.messages] });
    await this.onRequest(request);
    const turn = this.turns.shift() ?? { text: '' };
    if ('fail' in turn) throw turn.fail;
    const toolCalls: LlmToolCall[] = (turn.calls ?? []).map((call) => ({
      id: `call_${++this.callCounter}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    }));
    return {
      text: turn.text ?? '',
      model: 'gpt-4o-mini',
      provider: 'scripted',
      promptTokens: 100,
      completionTokens: 10,
      costUsd: 0.0001,
      latencyMs: 5,
      finishReason: toolCalls.length > 0 ? 'tool_calls' : 'stop',
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *stream(): AsyncGenerator<LlmStreamEvent, void, undefined> {
    throw new Error('ScriptedLlm: the planner never streams');
  }
}
