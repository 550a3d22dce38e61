export * from './keyed-blob.store';
