// The actions eval's tooling (dataset, scoring), so scripts import '@switchboard/actions/eval' instead of the lib's files.
export * from './actions-dataset';
export * from './actions-scoring';
