export * from './answer-trace.fixture';
