import { Module } from '@nestjs/common';
import { AuditContextInterceptor } from './audit-context.interceptor';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log.service';

/**
 * The audit log (the only access to `audit_events`). Every lib whose services change configuration or access
 * imports it and records through AuditLog; the api registers AuditContextInterceptor. Needs DatabaseModule.
 */
@Module({
  providers: [AuditEventsRepository, AuditLog, AuditContextInterceptor],
  exports: [AuditLog, AuditContextInterceptor],
})
export class AuditModule {}
