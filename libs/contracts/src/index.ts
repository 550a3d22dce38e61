export * from './console';
export * from './events';
export * from './routes';
export * from './widget';
