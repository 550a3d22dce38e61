// Test tooling of the audit lib: import it from '@switchboard/audit/testing'.
import { AuditEvent } from '@switchboard/database';
import type { DataSource } from 'typeorm';
import { AuditEventsRepository } from '../audit-events.repository';
import { AuditLog } from '../audit-log.service';

/** An AuditLog writing to this data source's audit_events, for tests that build a service by hand. */
export function auditLogOver(dataSource: DataSource): AuditLog {
  return new AuditLog(new AuditEventsRepository(dataSource.getRepository(AuditEvent)));
}
