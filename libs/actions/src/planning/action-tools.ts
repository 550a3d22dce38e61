import type { ActionParameterSchema, ActionParametersSchema } from '@switchboard/database';
import type { LlmTool } from '@switchboard/llm';
import type { ActionDefinitionView } from '../action-definitions.service';

/** What a tool's definition is built from: an action's model-facing fields, never its URL, headers or secrets. */
export type ToolSource = Pick<ActionDefinitionView, 'name' | 'description' | 'parameters' | 'identity'>;

/**
 * The parameters the model may fill: the action's own, less its identity parameters (the toolbox fills those from
 * the verified customer), and no others. Arguments are validated against this schema before any call.
 */
export function callableParameters(action: ToolSource): ActionParametersSchema {
  const identity = new Set(action.identity);
  const properties = Object.fromEntries(
    Object.entries(action.parameters.properties).filter(([name]) => !identity.has(name)),
  );
  const required = (action.parameters.required ?? []).filter((name) => name in properties);
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The action as an OpenAI function tool: the callable parameters, customer words for enum values as description. */
export function actionTool(action: ToolSource): LlmTool {
  const callable = callableParameters(action);
  const properties = Object.fromEntries(
    Object.entries(callable.properties).map(([name, parameter]) => [name, toolParameter(parameter)]),
  );
  return {
    name: action.name,
    description: action.description,
    parameters: { type: 'object', properties, required: callable.required ?? [], additionalProperties: false },
  };
}

/** The parameter's JSON Schema without `x-aliases`, which is not a schema keyword: its words join the description. */
function toolParameter(parameter: ActionParameterSchema): Record<string, unknown> {
  const { 'x-aliases': aliases, description, ...schema } = parameter;
  const text = [description, aliasText(aliases)].filter(Boolean).join(' ');
  return text ? { ...schema, description: text } : schema;
}

/** `{ premium: ['pro', 'top tier'] }` → `Customers may say "pro" or "top tier" for premium.` */
function aliasText(aliases: Record<string, string[]> | undefined): string {
  const phrases = Object.entries(aliases ?? {})
    .filter(([, words]) => words.length > 0)
    .map(([value, words]) => `${words.map((word) => JSON.stringify(word)).join(' or ')} for ${value}`);
  return phrases.length > 0 ? `Customers may say ${phrases.join('; ')}.` : '';
}

/** A customer word the model copied for an enum value becomes that value ("pro" → "premium"); others stay as given. */
export function canonicalValue(parameter: ActionParameterSchema | undefined, value: string): string {
  const aliases = parameter?.['x-aliases'];
  if (!aliases || parameter?.enum?.includes(value)) return value;
  const folded = value.trim().toLowerCase();
  const match = Object.entries(aliases).find(([, words]) => words.some((word) => word.toLowerCase() === folded));
  return match ? match[0] : value;
}
