/** A string parameter as an action's JSON Schema declares it; `x-aliases` maps each enum value to customer words. */
export interface StringParameterSchema {
  type?: 'string';
  description?: string;
  pattern?: string;
  enum?: readonly string[];
  format?: string;
  'x-aliases'?: Readonly<Record<string, readonly string[]>>;
}

export interface ActionParametersSchema {
  type?: 'object';
  properties: Readonly<Record<string, StringParameterSchema>>;
  required?: readonly string[];
}

/** What the offline matcher needs of an action definition; an entry of the dataset's `actions.json` is one as is. */
export interface MatchableAction {
  name: string;
  description: string;
  examples: readonly string[];
  parameters: ActionParametersSchema;
  /** Parameters filled from the verified customer, never from message text (one name, a list, or none). */
  identity?: string | readonly string[] | null;
  /** Changes something: it loses ties, and never beats a read-only look-up of the same thing unless named. */
  side_effect?: boolean;
}

export interface ConversationTurn {
  role: 'customer' | 'bot';
  text: string;
}

export function identityParameters(action: MatchableAction): string[] {
  if (action.identity === null || action.identity === undefined) return [];
  return typeof action.identity === 'string' ? [action.identity] : [...action.identity];
}

/** The required parameters that must come from the conversation text, in schema order. */
export function requiredTextParameters(action: MatchableAction): string[] {
  const identity = new Set(identityParameters(action));
  return (action.parameters.required ?? []).filter(
    (name) => !identity.has(name) && name in action.parameters.properties,
  );
}
