export * from './first-response.listener';
export * from './handoff-intent';
export * from './handoff-summary';
export * from './handoff.module';
export * from './ticket-realtime.listener';
export * from './ticket.errors';
export * from './ticket.events';
export * from './tickets.service';
