export * from './action-definition.errors';
export * from './action-definitions.service';
export * from './actions.module';
export * from './answer-template';
export type { ArgumentProblem } from './definition/parameters-schema';
export { ACTION_NAME, MAX_RESPONSE_BYTES, SECRET_NAME, TIMEOUT_MS } from './definition/action-definition.rules';
export type { ActionDefinitionFields } from './definition/action-definition.rules';
export * from './calling/action-caller';
export * from './calling/call-outcome';
export type { ActionCallRecord } from './calling/call-record';
export * from './calling/call-rate-limit';
export * from './matching';
export type {
  ActionPlan,
  ActionPlanRequest,
  ActionPlanner,
  ActionToolbox,
  ToolCallResult,
} from './turn/action-planner';
export * from './planning/llm-action-planner';
export { actionTool, callableParameters } from './planning/action-tools';
