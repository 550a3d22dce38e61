import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from './app-config';
import { ProcessKind } from './config.schema';
import { loadConfig } from './load-config';

@Global()
@Module({})
export class ConfigModule {
  /** Pass a config to boot with (tests); otherwise the environment is read and validated once. */
  static forRoot(kind: ProcessKind, config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadConfig(kind) }],
      exports: [APP_CONFIG],
    };
  }
}
