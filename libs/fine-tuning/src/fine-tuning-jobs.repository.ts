import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FineTuningJob, TenantRepository } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** The `fine_tuning_jobs` table. */
@Injectable()
export class FineTuningJobsRepository extends TenantRepository<FineTuningJob> {
  constructor(@InjectRepository(FineTuningJob) repository: Repository<FineTuningJob>) {
    super(repository);
  }

  override withManager(manager: EntityManager): FineTuningJobsRepository {
    return new FineTuningJobsRepository(manager.getRepository(FineTuningJob));
  }
}
