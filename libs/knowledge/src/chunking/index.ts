export * from './chunk-id';
export * from './chunker';
export * from './sentence-splitter';
