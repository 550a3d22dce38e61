import type { LlmTask } from './llm.port';

export type ModelTier = 'main' | 'small';

export interface TierModels {
  main: string;
  small: string;
}

/**
 * The customer-facing answer needs the main model, and so do actions: choosing a call (some have side effects) and
 * writing the reply from its result; rewrites, labels, summaries and checks run on the small one.
 */
export const DEFAULT_TASK_TIERS: Readonly<Record<LlmTask, ModelTier>> = {
  answer: 'main',
  // A draft an agent edits and sends: the same model as the answers it stands in for.
  suggest_reply: 'main',
  rewrite: 'small',
  query_rewrite: 'small',
  classify: 'small',
  summarize: 'small',
  grounding: 'small',
  action: 'main',
};

/** Picks a provider's model for a task through a task → tier map, so one map serves providers with different model names. */
export class TaskRouter {
  private readonly tiers: Readonly<Record<LlmTask, ModelTier>>;

  constructor(
    private readonly models: TierModels,
    tiers: Partial<Record<LlmTask, ModelTier>> = {},
  ) {
    for (const [tier, model] of Object.entries(models)) {
      if (typeof model !== 'string' || model.trim() === '') throw new Error(`TaskRouter: the ${tier} model is empty`);
    }
    this.tiers = { ...DEFAULT_TASK_TIERS, ...tiers };
  }

  tierFor(task: LlmTask): ModelTier {
    return this.tiers[task];
  }

  modelFor(task: LlmTask): string {
    return this.models[this.tierFor(task)];
  }
}
