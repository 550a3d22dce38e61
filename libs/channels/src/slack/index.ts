export * from './slack-blocks';
export * from './slack-inbox-status.service';
export * from './slack-thread';
export * from './slack-ticket.listener';
export * from './slack-web-api';
export * from './slack-web-api.factory';
export * from './slack.adapter';
export * from './slack.providers';
