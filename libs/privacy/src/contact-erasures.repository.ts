import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ContactErasure, TenantRepository } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** The `contact_erasures` table: one row per erased contact, without their personal data. */
@Injectable()
export class ContactErasuresRepository extends TenantRepository<ContactErasure> {
  constructor(@InjectRepository(ContactErasure) repository: Repository<ContactErasure>) {
    super(repository);
  }

  override withManager(manager: EntityManager): ContactErasuresRepository {
    return new ContactErasuresRepository(manager.getRepository(ContactErasure));
  }
}
