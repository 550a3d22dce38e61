export * from './assist.errors';
export * from './assist.module';
export * from './conversation-summary.service';
export * from './reply-suggestion.service';
export * from './text-rewrite.service';
