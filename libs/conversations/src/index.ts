export * from './conversation-ownership.service';
export * from './conversations.module';
export * from './inboxes.service';
export * from './ownership.state-machine';
export * from './workspaces.service';
