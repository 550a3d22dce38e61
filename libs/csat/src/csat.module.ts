import { Module } from '@nestjs/common';
import { ConversationsModule } from '@switchboard/conversations';
import { UnitOfWorkModule } from '@switchboard/database';
import { CsatIdleSweepService } from './csat-idle-sweep.service';
import { CsatRatingsRepository } from './csat-ratings.repository';
import { CsatRequestListener } from './csat-request.listener';
import { CsatService } from './csat.service';

/**
 * Customer satisfaction ratings (the only access to `csat_ratings`) and the listener that asks for one when a
 * ticket is resolved, and the sweep that ends idle bot conversations (run by the worker). Imported by the api and the worker, both of which publish ticket events. Needs DatabaseModule
 * and EventEmitterModule.
 */
@Module({
  imports: [UnitOfWorkModule, ConversationsModule],
  providers: [CsatRatingsRepository, CsatService, CsatRequestListener, CsatIdleSweepService],
  exports: [CsatService, CsatIdleSweepService],
})
export class CsatModule {}
