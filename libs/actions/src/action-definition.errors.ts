/** One thing wrong with an action definition, named by its field. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A definition the caller can fix: the api answers 400 listing every problem. */
export class InvalidActionDefinitionError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`Invalid action: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'InvalidActionDefinitionError';
  }
}

export class DuplicateActionNameError extends Error {
  constructor(readonly actionName: string) {
    super(`The workspace already has an action named "${actionName}"`);
    this.name = 'DuplicateActionNameError';
  }
}
