import { Injectable } from '@nestjs/common';
import type { ActionDefinitionView } from '../action-definitions.service';
import { ActionMatcher, ActionDecision } from '../matching/action-matcher';
import { MatchableAction } from '../matching/matchable-action';
import { ActionPlan, ActionPlanner, ActionPlanRequest, ActionToolbox } from './action-planner';

/** What the offline matcher reads of a declared action. */
export function matchableActionOf(definition: ActionDefinitionView): MatchableAction {
  return {
    name: definition.name,
    description: definition.description,
    examples: definition.examples,
    parameters: definition.parameters,
    identity: definition.identity,
    side_effect: definition.sideEffect,
  };
}

/** The decision without the per-candidate features: which actions were weighed, their scores, the threshold. */
function decisionTrace(decision: ActionDecision): Record<string, unknown> {
  return {
    decision: decision.kind,
    score: Number(decision.score.toFixed(4)),
    threshold: decision.threshold,
    candidates: decision.candidates.slice(0, 3).map((candidate) => ({
      action: candidate.action,
      score: Number(candidate.score.toFixed(4)),
      eligible: candidate.eligible,
      missing: candidate.missing,
    })),
  };
}

function noActionReason(decision: ActionDecision): string {
  const [best] = decision.candidates;
  if (!best) return 'no action fits';
  if (!best.eligible) return `nothing asks for an action (closest: ${best.action})`;
  return `best action ${best.action} scored ${best.score.toFixed(2)}, below ${decision.threshold.toFixed(2)}`;
}

/** The embedded default: the calibrated offline matcher picks at most one action and fills it by rules. */
@Injectable()
export class OfflineActionPlanner implements ActionPlanner {
  async plan(request: ActionPlanRequest, toolbox: ActionToolbox): Promise<ActionPlan> {
    const matcher = new ActionMatcher(request.actions.map(matchableActionOf));
    const decision = matcher.match({
      question: request.question,
      history: request.history,
      clock: request.clock,
      pending: request.pending,
    });
    const trace = decisionTrace(decision);
    switch (decision.kind) {
      case 'no_action':
        return { kind: 'no_action', why: noActionReason(decision), trace };
      case 'follow_up':
        return { kind: 'follow_up', pending: decision.pending, question: decision.question, trace };
      case 'call': {
        const result = await toolbox.call(decision.action, decision.arguments);
        return { kind: 'called', action: decision.action, arguments: decision.arguments, result, reply: null, trace };
      }
    }
  }
}
