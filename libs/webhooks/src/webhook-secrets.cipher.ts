import { Inject, Injectable } from '@nestjs/common';
import { SecretsCipher } from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';

/** Seals signing secrets at rest with the key of action secrets, under names of their own (`webhook:<id>`). */
@Injectable()
export class WebhookSecretsCipher extends SecretsCipher {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.actions.secretsKey, 'ACTION_SECRETS_KEY');
  }
}

export function sealedSecretName(endpointId: string): string {
  return `webhook:${endpointId}`;
}
