import { Logger, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { FallbackLlmClient } from './fallback-llm.client';
import { LLM_CALL_LOG } from './llm-call-log';
import { LlmCallsRepository } from './llm-calls.repository';
import { LlmUsageService } from './llm-usage.service';
import { LLM_CLIENT, LlmClient } from './llm.port';
import { OpenAiCompatibleAdapter } from './openai/openai-compatible.adapter';
import { PostgresLlmCallLog } from './postgres-llm-call-log';
import { LlmCallPersonalDataService } from './llm-call-personal-data.service';

/** Builds the LLM client from the configuration: null when no OpenAI-compatible API is configured (offline answers). */
export function createLlmClient(config: AppConfig, callLog: PostgresLlmCallLog): LlmClient | null {
  const llm = config.llm;
  if (llm.kind !== 'openai') return null;
  const providers = [
    new OpenAiCompatibleAdapter({
      name: 'primary',
      apiKey: llm.apiKey,
      baseUrl: llm.baseUrl,
      models: { main: llm.model, small: llm.smallModel },
      timeoutMs: llm.timeoutMs,
    }),
  ];
  if (llm.secondary) {
    providers.push(
      new OpenAiCompatibleAdapter({
        name: 'secondary',
        apiKey: llm.secondary.apiKey,
        baseUrl: llm.secondary.baseUrl,
        models: { main: llm.secondary.model, small: llm.secondary.smallModel },
        timeoutMs: llm.timeoutMs,
      }),
    );
  }
  const logger = new Logger('LlmCallLog');
  return new FallbackLlmClient({
    providers,
    deadlineMs: llm.deadlineMs,
    retriesPerProvider: llm.retriesPerProvider,
    callLog,
    onCallLogError: (error) =>
      logger.warn(`could not record an LLM call: ${error instanceof Error ? error.message : String(error)}`),
  });
}

@Module({
  providers: [
    LlmCallsRepository,
    LlmUsageService,
    LlmCallPersonalDataService,
    PostgresLlmCallLog,
    { provide: LLM_CALL_LOG, useExisting: PostgresLlmCallLog },
    { provide: LLM_CLIENT, inject: [APP_CONFIG, PostgresLlmCallLog], useFactory: createLlmClient },
  ],
  exports: [LLM_CLIENT, LLM_CALL_LOG, LlmUsageService, LlmCallPersonalDataService],
})
export class LlmModule {}
