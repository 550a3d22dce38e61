import { AuditModule } from '@switchboard/audit';
import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { ConversationsModule } from '@switchboard/conversations';
import { LlmModule } from '@switchboard/llm';
import { ActionDefinitionsRepository } from './action-definitions.repository';
import { ActionDefinitionsService } from './action-definitions.service';
import { ActionCaller } from './calling/action-caller';
import { CALL_RATE_LIMITER, CallRateLimiter } from './calling/call-rate-limit';
import { LlmActionPlanner } from './planning/llm-action-planner';
import { ActionSecretsCipher } from './secrets/action-secrets.cipher';
import { ActionPlannerChoice, LLM_ACTION_PLANNER } from './turn/action-planner-choice';
import { ActionTurnService } from './turn/action-turn.service';
import { OfflineActionPlanner } from './turn/offline-action-planner';
import { PendingActionsRepository } from './turn/pending-actions.repository';
import { ACTION_CLOCK, ActionClock } from './turn/action-clock';
import { PendingActionPersonalDataService } from './turn/pending-action-personal-data.service';

export interface ActionsModuleOptions {
  /** The modules that provide the rate limiter. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The Redis rate limiter the caller counts calls with (auth's RateLimiter fits the port). */
  rateLimiter: Type<CallRateLimiter>;
}

/** Action definitions and pending actions (the only access to their tables), the caller, the planners (offline matcher, LLM tool calling) and the action step of a turn. */
@Module({})
export class ActionsModule {
  static register(options: ActionsModuleOptions): DynamicModule {
    return {
      module: ActionsModule,
      imports: [ConversationsModule, LlmModule, AuditModule, ...options.imports],
      providers: [
        ActionDefinitionsRepository,
        ActionDefinitionsService,
        ActionSecretsCipher,
        ActionCaller,
        PendingActionsRepository,
        PendingActionPersonalDataService,
        OfflineActionPlanner,
        LlmActionPlanner,
        { provide: LLM_ACTION_PLANNER, useExisting: LlmActionPlanner },
        ActionPlannerChoice,
        ActionTurnService,
        { provide: CALL_RATE_LIMITER, useExisting: options.rateLimiter },
        // A clock of this app's own (not the shared SYSTEM_CLOCK), so the actions eval can fix it in place.
        { provide: ACTION_CLOCK, useFactory: (): ActionClock => ({ now: () => new Date() }) },
      ],
      exports: [
        ActionDefinitionsService,
        ActionCaller,
        ActionTurnService,
        LlmActionPlanner,
        ACTION_CLOCK,
        PendingActionPersonalDataService,
      ],
    };
  }
}
