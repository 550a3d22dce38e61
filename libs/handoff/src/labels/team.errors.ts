export class DuplicateTeamError extends Error {
  constructor(readonly teamName: string) {
    super(`A team named "${teamName}" already exists`);
    this.name = 'DuplicateTeamError';
  }
}

/** A team or label change that names something the workspace does not have: the API answers 400 naming the field. */
export class InvalidLabelFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidLabelFieldError';
  }
}
