import { ModuleMetadata } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@switchboard/config';
import { DatabaseModule } from '@switchboard/database';
import { TestEnvironment } from './test-environment';

/**
 * An initialised, silent Nest module over the environment's database with the api's config and in-process events,
 * and these modules and providers (the code under test). Close it after the tests.
 */
export async function initTestModule(
  environment: TestEnvironment,
  { imports = [], providers = [] }: Pick<ModuleMetadata, 'imports' | 'providers'>,
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot('api', environment.config('api')),
      DatabaseModule,
      EventEmitterModule.forRoot(),
      ...imports,
    ],
    providers,
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
