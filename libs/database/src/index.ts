export * from './data-source-options';
export * from './database.module';
export * from './ensure-database';
export * from './entities';
export * from './tenant.repository';
export * from './run-migrations';
export * from './unit-of-work';
export * from './unit-of-work.module';
