import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  LLM_CLIENT,
  LlmAbortedError,
  type LlmClient,
  type LlmCompletion,
  type LlmMessage,
  type LlmTool,
  type LlmToolCall,
} from '@switchboard/llm';
import type { ActionDefinitionView } from '../action-definitions.service';
import { type ArgumentProblem, MISSING_VALUE, argumentProblems } from '../definition/parameters-schema';
import { followUpQuestion } from '../matching/followup';
import type {
  ActionPlan,
  ActionPlanRequest,
  ActionPlanner,
  ActionToolbox,
  ToolCallResult,
} from '../turn/action-planner';
import { plannerMessages, plannerSystemPrompt, toolResultText } from './action-planner-prompt';
import { actionTool, callableParameters, canonicalValue } from './action-tools';

/** Toolbox calls one turn may make; past it the model must reply. */
export const MAX_TOOL_CALLS = 3;
/** Model turns: one per call, the one repair turn, and the reply. */
const MAX_MODEL_TURNS = MAX_TOOL_CALLS + 2;
const MAX_REPLY_TOKENS = 400;

/** One call the model asked for, as the trace keeps it: names and kinds, never a value. */
export interface PlannerCallTrace {
  tool: string;
  argumentKeys: string[];
  /** Identity parameters the model filled anyway; their values were dropped. */
  droppedIdentity?: string[];
  problems?: ArgumentProblem[];
  /** What the toolbox did (`called`, `needs_confirmation`…), or why nothing was asked of it. */
  result?: ToolCallResult['kind'] | 'invalid_arguments' | 'unknown_tool' | 'over_budget';
  /** The call's outcome kind when it was made. */
  outcome?: string;
  /** The result held instructions, which the injection scanner neutralised. */
  flagged?: boolean;
}

/** One model turn. */
export interface PlannerStepTrace {
  model: string;
  provider: string;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  finishReason: string;
  calls: PlannerCallTrace[];
}

export interface PlannerTrace extends Record<string, unknown> {
  planner: 'llm';
  steps: PlannerStepTrace[];
  toolCalls: number;
  repaired: boolean;
  /** Why the turn ended early: the deadline, the step budget, a failed model call. */
  stopped?: string;
}

/**
 * Chooses and calls actions with an LLM's tool calling: the actions become tools (identity parameters left out), the
 * model's arguments are validated before any call (one repair turn, then a question to the customer), and after a
 * call the model writes the reply from its result, read as untrusted data.
 */
@Injectable()
export class LlmActionPlanner implements ActionPlanner {
  constructor(@Optional() @Inject(LLM_CLIENT) private readonly llm: LlmClient | null = null) {}

  /** False when no LLM is configured: the turn then uses the offline matcher. */
  get available(): boolean {
    return this.llm !== null;
  }

  async plan(request: ActionPlanRequest, toolbox: ActionToolbox): Promise<ActionPlan> {
    const trace: PlannerTrace = { planner: 'llm', steps: [], toolCalls: 0, repaired: false };
    if (!this.llm) return { kind: 'no_action', why: 'no language model is configured', trace };
    if (request.actions.length === 0) return { kind: 'no_action', why: 'no action is available', trace };
    return new PlannerRun(this.llm, request, toolbox, trace).run();
  }
}

interface MadeCall {
  action: string;
  arguments: Record<string, string>;
  result: ToolCallResult;
}

/** What became of one requested call: a tool message for the model, or the end of the turn. */
type CallHandling = { reply: string } | { end: ActionPlan };

/** One plan: the dialogue with the model, the calls made and the trace, for one customer message. */
class PlannerRun {
  private readonly actions: ReadonlyMap<string, ActionDefinitionView>;
  private readonly tools: LlmTool[];
  private readonly messages: LlmMessage[];
  private readonly signal: AbortSignal;
  private lastCall: MadeCall | null = null;

  constructor(
    private readonly llm: LlmClient,
    private readonly request: ActionPlanRequest,
    private readonly toolbox: ActionToolbox,
    private readonly trace: PlannerTrace,
  ) {
    this.actions = new Map(request.actions.map((action) => [action.name, action]));
    this.tools = request.actions.map(actionTool);
    const system = plannerSystemPrompt(request.clock, request.pending);
    this.messages = plannerMessages(system, request.question, request.history);
    this.signal = AbortSignal.timeout(Math.max(0, request.deadline - Date.now()));
  }

  async run(): Promise<ActionPlan> {
    try {
      for (let turn = 0; turn < MAX_MODEL_TURNS; turn++) {
        const completion = await this.complete();
        const calls = completion.toolCalls ?? [];
        if (calls.length === 0) return this.replied(completion.text);
        if (this.trace.toolCalls >= MAX_TOOL_CALLS) return this.stop('step budget spent');
        const end = await this.handleCalls(completion, calls);
        if (end) return end;
      }
      return this.stop('step budget spent');
    } catch (error) {
      return this.stop(this.failure(error));
    }
  }

  private async complete(): Promise<LlmCompletion> {
    this.checkDeadline();
    const completion = await this.llm.complete({
      task: 'action',
      // A copy: the dialogue grows after the call, and the request (as logged or retried) must not.
      messages: [...this.messages],
      tools: this.tools,
      // Once the budget is spent the model may only reply.
      toolChoice: this.trace.toolCalls >= MAX_TOOL_CALLS ? 'none' : 'auto',
      temperature: 0,
      maxTokens: MAX_REPLY_TOKENS,
      signal: this.signal,
      workspaceId: this.request.workspaceId,
      conversationId: this.request.conversationId,
    });
    this.trace.steps.push({
      model: completion.model,
      provider: completion.provider,
      promptTokens: completion.promptTokens,
      completionTokens: completion.completionTokens,
      costUsd: completion.costUsd,
      latencyMs: completion.latencyMs,
      finishReason: completion.finishReason,
      calls: [],
    });
    return completion;
  }

  /** Answers every call of the model's turn with a tool message, unless one of them ends the turn. */
  private async handleCalls(completion: LlmCompletion, calls: readonly LlmToolCall[]): Promise<ActionPlan | null> {
    this.messages.push({ role: 'assistant', content: completion.text, toolCalls: calls });
    for (const call of calls) {
      const traced: PlannerCallTrace = { tool: call.name, argumentKeys: [] };
      this.trace.steps.at(-1)?.calls.push(traced);
      const handling = await this.handleCall(call, traced);
      if ('end' in handling) return handling.end;
      this.messages.push({ role: 'tool', toolCallId: call.id, content: handling.reply });
    }
    return null;
  }

  private async handleCall(call: LlmToolCall, traced: PlannerCallTrace): Promise<CallHandling> {
    const action = this.actions.get(call.name);
    if (!action) {
      traced.result = 'unknown_tool';
      return { reply: JSON.stringify({ error: `There is no tool named ${call.name}; nothing was called.` }) };
    }
    if (this.trace.toolCalls >= MAX_TOOL_CALLS) {
      traced.result = 'over_budget';
      return { reply: JSON.stringify({ error: 'Not called: no more tool calls this turn. Reply to the customer.' }) };
    }
    const { args, problems } = this.callableArguments(action, call.arguments, traced);
    if (problems.length > 0) return this.invalidArguments(action, args, problems, traced);
    this.checkDeadline();
    const result = await this.toolbox.call(action.name, args);
    this.trace.toolCalls++;
    traced.result = result.kind;
    return this.afterCall(action, args, result, traced);
  }

  /** The model's arguments as the action takes them: identity values dropped, customer words mapped, then checked. */
  private callableArguments(
    action: ActionDefinitionView,
    text: string,
    traced: PlannerCallTrace,
  ): { args: Record<string, string>; problems: ArgumentProblem[] } {
    const given = parseArguments(text);
    if (!given) return { args: {}, problems: [{ parameter: null, message: 'the arguments are not a JSON object' }] };
    const pending = this.request.pending?.action === action.name ? this.request.pending.arguments : {};
    const merged: Record<string, unknown> = { ...pending, ...given };
    const identity = action.identity.filter((name) => name in merged);
    if (identity.length > 0) traced.droppedIdentity = identity;
    const schema = callableParameters(action);
    const candidate = Object.fromEntries(
      Object.entries(merged)
        .filter(([name]) => !action.identity.includes(name))
        .map(([name, value]) => [name, asArgument(schema.properties[name], value)]),
    );
    traced.argumentKeys = Object.keys(candidate).sort();
    const problems = argumentProblems(schema, candidate);
    // Validated: every value is a string of a declared parameter.
    return { args: candidate as Record<string, string>, problems };
  }

  /** One repair turn for wrong values; a missing value (or a second failure) is asked of the customer instead. */
  private invalidArguments(
    action: ActionDefinitionView,
    args: Record<string, string>,
    problems: ArgumentProblem[],
    traced: PlannerCallTrace,
  ): CallHandling {
    traced.result = 'invalid_arguments';
    traced.problems = problems;
    const onlyMissing = problems.every(isMissingValue);
    if (!onlyMissing && !this.trace.repaired) {
      this.trace.repaired = true;
      const error = 'Invalid arguments: nothing was called. Fix them from what the customer said, or leave them out.';
      return { reply: JSON.stringify({ error, problems }) };
    }
    return { end: this.followUp(action, args, problems) };
  }

  private followUp(
    action: ActionDefinitionView,
    args: Record<string, string>,
    problems: ArgumentProblem[],
  ): ActionPlan {
    const schema = callableParameters(action);
    const wrong = new Set(problems.flatMap((problem) => (problem.parameter ? [problem.parameter] : [])));
    const valid = Object.fromEntries(Object.entries(args).filter(([name]) => !wrong.has(name)));
    const required = schema.required ?? [];
    // Schema order; a set of arguments wrong as a whole (not JSON) leaves every required value to ask for.
    const missing = Object.keys(schema.properties).filter(
      (name) => wrong.has(name) || (required.includes(name) && !(name in valid)),
    );
    if (missing.length === 0) return this.stop('the model gave invalid arguments twice');
    return {
      kind: 'follow_up',
      pending: { action: action.name, arguments: valid, missing },
      question: followUpQuestion(action, missing),
      trace: this.trace,
    };
  }

  private afterCall(
    action: ActionDefinitionView,
    args: Record<string, string>,
    result: ToolCallResult,
    traced: PlannerCallTrace,
  ): CallHandling {
    switch (result.kind) {
      case 'needs_confirmation':
      case 'needs_identity':
        // The turn asks the customer (to confirm, to sign in) and ends here.
        return { end: this.called({ action: action.name, arguments: args, result }, null) };
      case 'unknown_action':
        return { reply: JSON.stringify({ error: `${action.name} is not available here; nothing was called.` }) };
      case 'called': {
        this.lastCall = { action: action.name, arguments: args, result };
        traced.outcome = result.outcome.kind;
        const text = toolResultText(result.outcome);
        if (text.flagged) traced.flagged = true;
        return { reply: text.content };
      }
    }
  }

  /** The model wrote text and called nothing: before any call that means no action fits; after one, it is the reply. */
  private replied(text: string): ActionPlan {
    if (!this.lastCall) return { kind: 'no_action', why: 'the model called no tool', trace: this.trace };
    return this.called(this.lastCall, text.trim() || null);
  }

  /** Ends early: with the last call made (the turn renders its reply), or with no action when none was made. */
  private stop(why: string): ActionPlan {
    this.trace.stopped = why;
    if (this.lastCall) return this.called(this.lastCall, null);
    return { kind: 'no_action', why, trace: this.trace };
  }

  private called(call: MadeCall, reply: string | null): ActionPlan {
    return { kind: 'called', ...call, reply, trace: this.trace };
  }

  private checkDeadline(): void {
    if (this.signal.aborted || Date.now() >= this.request.deadline) throw new DeadlineReached();
  }

  private failure(error: unknown): string {
    if (error instanceof DeadlineReached || (error instanceof LlmAbortedError && this.signal.aborted)) {
      return 'deadline reached';
    }
    return `the language model failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

class DeadlineReached extends Error {
  constructor() {
    super('the answer deadline was reached');
  }
}

/** The model's JSON text as an object of arguments; null when it is not one. */
function parseArguments(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A number the model sent for a text parameter is that text; a customer word for an enum value is the value. */
function asArgument(parameter: Parameters<typeof canonicalValue>[0], value: unknown): unknown {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof text === 'string' ? canonicalValue(parameter, text) : text;
}

function isMissingValue(problem: ArgumentProblem): boolean {
  return problem.message === MISSING_VALUE;
}
