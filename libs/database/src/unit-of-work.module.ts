import { Module } from '@nestjs/common';
import { UnitOfWork } from './unit-of-work';

/** UnitOfWork for the libs whose use cases raise domain events. Needs DatabaseModule and EventEmitterModule. */
@Module({
  providers: [UnitOfWork],
  exports: [UnitOfWork],
})
export class UnitOfWorkModule {}
