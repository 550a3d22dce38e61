import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FineTuningExport, TenantRepository } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** The `fine_tuning_exports` table. */
@Injectable()
export class FineTuningExportsRepository extends TenantRepository<FineTuningExport> {
  constructor(@InjectRepository(FineTuningExport) repository: Repository<FineTuningExport>) {
    super(repository);
  }

  override withManager(manager: EntityManager): FineTuningExportsRepository {
    return new FineTuningExportsRepository(manager.getRepository(FineTuningExport));
  }
}
