export * from './audit-context';
export * from './audit-context.interceptor';
export * from './audit-diff';
export * from './audit-export';
export { AuditEventFilter } from './audit-events.repository';
export * from './audit-log.service';
export * from './audited.decorator';
export * from './audit.module';
