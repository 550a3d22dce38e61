// Test doubles and fixtures of the knowledge lib: import them from '@switchboard/knowledge/testing'.
export * from './knowledge-test-module';
export * from '../parsing/testing/docx-fixture';
export * from '../parsing/testing/pdf-fixture';
