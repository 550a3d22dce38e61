import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { ConversationsModule } from '@switchboard/conversations';
import { FineTuningExportsRepository } from './fine-tuning-exports.repository';
import { FineTuningExportsService } from './fine-tuning-exports.service';
import { FINE_TUNING_PROVIDER, FineTuningProvider } from './fine-tuning-provider.port';
import { FineTuningJobsRepository } from './fine-tuning-jobs.repository';
import { FineTuningJobsService } from './fine-tuning-jobs.service';
import { FineTuningPersonalDataService } from './fine-tuning-personal-data.service';
import { OpenAiFineTuningAdapter } from './openai/openai-fine-tuning.adapter';

// Uploads of large datasets take longer than a chat completion.
const FINE_TUNING_TIMEOUT_MS = 120_000;

/** The provider from the configuration: null offline, where fine-tuning is refused with a clear error. */
export function createFineTuningProvider(config: AppConfig): FineTuningProvider | null {
  const llm = config.llm;
  if (llm.kind !== 'openai') return null;
  return new OpenAiFineTuningAdapter({
    apiKey: llm.apiKey,
    ...(llm.baseUrl ? { baseUrl: llm.baseUrl } : {}),
    defaultBaseModel: llm.model,
    timeoutMs: FINE_TUNING_TIMEOUT_MS,
  });
}

@Module({
  imports: [ConversationsModule],
  providers: [
    FineTuningExportsRepository,
    FineTuningJobsRepository,
    FineTuningExportsService,
    FineTuningJobsService,
    FineTuningPersonalDataService,
    { provide: FINE_TUNING_PROVIDER, inject: [APP_CONFIG], useFactory: createFineTuningProvider },
  ],
  exports: [FineTuningExportsService, FineTuningJobsService, FineTuningPersonalDataService],
})
export class FineTuningModule {}
