export * from './eval-dataset';
export * from './eval-record';
export * from './eval-report';
export * from './eval-runner';
export * from './metrics';
