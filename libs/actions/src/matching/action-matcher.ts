import { actionFeatures, ActionFeatures, addMargins, EmbeddingEvidence, hasIntentEvidence } from './action-features';
import { ActionCalibration, actionScore, DEFAULT_ACTION_CALIBRATION } from './action-calibration';
import { ActionLexicon } from './action-lexicon';
import { extractArguments } from './argument-extractor';
import { ResolverClock } from './date-resolver';
import { completePendingAction, followUpQuestion, PendingAction } from './followup';
import { ConversationTurn, MatchableAction } from './matchable-action';

export interface MatchRequest {
  question: string;
  /** Earlier turns, oldest first. */
  history?: readonly ConversationTurn[];
  clock: ResolverClock;
  embeddings?: EmbeddingEvidence;
  /** The action the bot asked a follow-up for in the previous turn, if any. */
  pending?: PendingAction | null;
}

/** One action's evidence and score, kept for the answer trace. */
export interface ActionCandidate {
  action: string;
  score: number;
  /** False when nothing in the conversation asks for this action (see hasIntentEvidence): it is never chosen. */
  eligible: boolean;
  features: ActionFeatures;
  arguments: Record<string, string>;
  missing: string[];
}

interface DecisionTrace {
  /** The best candidate's score (0 when there are no actions). */
  score: number;
  /** The threshold that applied: the call threshold, or the follow-up threshold when an argument is missing. */
  threshold: number;
  /** Every action, best first. */
  candidates: ActionCandidate[];
}

export type ActionDecision =
  | (DecisionTrace & { kind: 'call'; action: string; arguments: Record<string, string> })
  | (DecisionTrace & { kind: 'follow_up'; action: string; pending: PendingAction; question: string })
  | (DecisionTrace & { kind: 'no_action' });

/**
 * The offline action matcher: scores every action from lexical (and optional embedding) evidence and the arguments
 * its schema finds, picks the best one when its calibrated score reaches the threshold, and asks for what is missing.
 */
export class ActionMatcher {
  private readonly lexicon: ActionLexicon;

  constructor(
    private readonly actions: readonly MatchableAction[],
    private readonly calibration: ActionCalibration = DEFAULT_ACTION_CALIBRATION,
  ) {
    this.lexicon = new ActionLexicon(actions);
  }

  /** Every action with its features and score, eligible ones first, best first; ties go to the one without side effects. */
  rank(request: MatchRequest): ActionCandidate[] {
    const history = request.history ?? [];
    const extracted = this.actions.map((action) => extractArguments(action, { ...request, history }));
    const features = this.actions.map((action, i) =>
      actionFeatures(this.lexicon, action, { ...request, history }, extracted[i]),
    );
    addMargins(features);
    const model =
      request.embeddings && this.calibration.models.embedding
        ? this.calibration.models.embedding
        : this.calibration.models.lexical;
    const sideEffect = (name: string): number => (this.hasSideEffect(name) ? 1 : 0);
    return this.actions
      .map((action, i) => ({
        action: action.name,
        score: actionScore(model, features[i]),
        eligible: hasIntentEvidence(features[i]),
        features: features[i],
        arguments: extracted[i].arguments,
        missing: extracted[i].missing,
      }))
      .sort(
        (a, b) =>
          Number(b.eligible) - Number(a.eligible) || b.score - a.score || sideEffect(a.action) - sideEffect(b.action),
      );
  }

  /** What to do with the customer's message: call an action, ask for a missing argument, or leave it to the answers. */
  match(request: MatchRequest): ActionDecision {
    const resumed = request.pending ? this.resumePending(request, request.pending) : null;
    if (resumed) return resumed;
    const candidates = this.rank(request);
    const best = this.readOnlyAlternative(candidates) ?? candidates[0];
    const { threshold, followUpThreshold } = this.calibration;
    const applies = best?.missing.length ? (followUpThreshold ?? threshold) : threshold;
    const trace: DecisionTrace = { score: best?.score ?? 0, threshold: applies, candidates };
    if (!best?.eligible || best.score < applies) return { ...trace, kind: 'no_action' };
    return this.decide(best.action, best.arguments, best.missing, trace);
  }

  /**
   * A side effect is never chosen over a complete read-only look-up of the same thing unless the conversation uses a
   * word of its own name: "when will NW-44444 be delivered?" checks the order, only "cancel" cancels it.
   */
  private readOnlyAlternative(candidates: readonly ActionCandidate[]): ActionCandidate | null {
    const [best] = candidates;
    if (!best?.eligible || !this.hasSideEffect(best.action) || best.features.name_mentioned > 0) return null;
    const sameThing = (candidate: ActionCandidate): boolean =>
      Object.entries(candidate.arguments).every(([name, value]) => best.arguments[name] === value);
    const lookUp = candidates.find(
      (c) => c.eligible && !this.hasSideEffect(c.action) && c.missing.length === 0 && sameThing(c),
    );
    return lookUp && Object.keys(lookUp.arguments).length > 0 ? lookUp : null;
  }

  private hasSideEffect(actionName: string): boolean {
    return this.actions.find((action) => action.name === actionName)?.side_effect === true;
  }

  private decide(
    actionName: string,
    args: Record<string, string>,
    missing: string[],
    trace: DecisionTrace,
  ): ActionDecision {
    if (missing.length === 0) return { ...trace, kind: 'call', action: actionName, arguments: args };
    const action = this.actions.find((a) => a.name === actionName);
    const question = action ? followUpQuestion(action, missing) : '';
    const pending: PendingAction = { action: actionName, arguments: args, missing };
    return { ...trace, kind: 'follow_up', action: actionName, pending, question };
  }

  /** The message answers the pending follow-up when it supplies a missing argument; otherwise it is a new request. */
  private resumePending(request: MatchRequest, pending: PendingAction): ActionDecision | null {
    const action = this.actions.find((a) => a.name === pending.action);
    if (!action) return null;
    const completion = completePendingAction(pending, action, request.question, request.clock);
    if (completion.filled.length === 0) return null;
    const trace: DecisionTrace = { score: 1, threshold: this.calibration.threshold, candidates: [] };
    return this.decide(action.name, completion.pending.arguments, completion.pending.missing, trace);
  }
}
