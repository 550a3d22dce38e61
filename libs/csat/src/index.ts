export * from './csat.errors';
export * from './csat.events';
export * from './csat-link';
export * from './csat-rules';
export * from './csat-summary';
export { CSAT_REPORT_MAX_DAYS, CsatRatingWithWindow, CsatService, ExportedCsatRating } from './csat.service';
export * from './csat.module';
export * from './csat-idle-sweep.service';
