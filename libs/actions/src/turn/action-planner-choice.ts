import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { ActionPlanner } from './action-planner';
import { OfflineActionPlanner } from './offline-action-planner';

/** The LLM tool-calling planner, provided where a model is configured. */
export const LLM_ACTION_PLANNER = Symbol('LLM_ACTION_PLANNER');

export interface ChosenPlanner {
  kind: 'offline' | 'llm';
  planner: ActionPlanner;
}

/** With an OpenAI-compatible model configured, the model chooses and calls tools; offline, the matcher does. */
@Injectable()
export class ActionPlannerChoice {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly offline: OfflineActionPlanner,
    @Optional() @Inject(LLM_ACTION_PLANNER) private readonly llm: ActionPlanner | null = null,
  ) {}

  current(): ChosenPlanner {
    if (this.config.llm.kind === 'openai' && this.llm) return { kind: 'llm', planner: this.llm };
    return { kind: 'offline', planner: this.offline };
  }
}
