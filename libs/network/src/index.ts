export * from './guarded-agent';
export * from './network-guard';
