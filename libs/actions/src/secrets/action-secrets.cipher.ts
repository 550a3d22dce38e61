import { Inject, Injectable } from '@nestjs/common';
import { SecretsCipher } from '@switchboard/auth';
import { APP_CONFIG, AppConfig } from '@switchboard/config';

export { UnreadableSecretError } from '@switchboard/auth';

/** Seals action secrets under ACTION_SECRETS_KEY (the shared SecretsCipher, action secret names as its names). */
@Injectable()
export class ActionSecretsCipher extends SecretsCipher {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.actions.secretsKey, 'ACTION_SECRETS_KEY');
  }
}
