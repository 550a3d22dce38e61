import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { ENTITIES } from './entities';
import { ensureDatabase } from './ensure-database';
import { runMigrations } from './run-migrations';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        await ensureDatabase(config.database.url);
        if (config.database.migrationsRun) await runMigrations(config.database.url);
        return dataSourceOptions(config.database.url, false);
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class DatabaseModule {}
