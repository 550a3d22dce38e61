// Test tooling of the contracts lib, for other libs' and apps' tests: import it from '@switchboard/contracts/testing'.
export * from './contract-doc';
