import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { ConversationsModule } from '@switchboard/conversations';
import { ActionDefinitionsRepository } from './action-definitions.repository';
import { ActionDefinitionsService } from './action-definitions.service';
import { ActionCaller } from './calling/action-caller';
import { CALL_RATE_LIMITER, CallRateLimiter } from './calling/call-rate-limit';
import { ActionSecretsCipher } from './secrets/action-secrets.cipher';
import { ACTION_CLOCK, ActionClock } from './turn/action-clock';

export interface ActionsModuleOptions {
  /** The modules that provide the rate limiter. */
  imports: NonNullable<ModuleMetadata['imports']>;
  /** The Redis rate limiter the caller counts calls with (auth's RateLimiter fits the port). */
  rateLimiter: Type<CallRateLimiter>;
}

/** Action definitions (the only access to their table) and the caller. */
@Module({})
export class ActionsModule {
  static register(options: ActionsModuleOptions): DynamicModule {
    return {
      module: ActionsModule,
      imports: [ConversationsModule, ...options.imports],
      providers: [
        ActionDefinitionsRepository,
        ActionDefinitionsService,
        ActionSecretsCipher,
        ActionCaller,
        { provide: CALL_RATE_LIMITER, useExisting: options.rateLimiter },
        // A clock of this app's own (not the shared SYSTEM_CLOCK), so the actions eval can fix it in place.
        { provide: ACTION_CLOCK, useFactory: (): ActionClock => ({ now: () => new Date() }) },
      ],
      exports: [ActionDefinitionsService, ActionCaller, ACTION_CLOCK],
    };
  }
}
