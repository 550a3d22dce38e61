export * from './conversation-messages.service';
export * from './conversation-ownership.service';
export * from './conversation.events';
export * from './conversations.module';
export * from './message-hooks.registry';
export * from './inboxes.service';
export * from './ownership.state-machine';
export * from './workspaces.service';
