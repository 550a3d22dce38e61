// Fixtures of the conversations lib: import them from '@switchboard/conversations/testing'.
export * from './workspace-fixtures';
