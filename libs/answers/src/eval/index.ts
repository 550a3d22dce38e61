export * from './eval-dataset';
export * from './eval-record';
export * from './eval-report';
export * from './eval-runner';
export * from './metrics';
// The calibration scripts' tooling, so scripts import '@switchboard/answers/eval' instead of the lib's files.
export * from '../confidence/calibration-fit';
export { RECORDED_AFTER_CONFIDENCE } from '../confidence/confidence-features';
export { FOLLOWUP_GATE, FOLLOWUP_THRESHOLD, GATE_VERDICT_FEATURES } from '../retrieval/conversation-retriever';
