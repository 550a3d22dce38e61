export interface WebhookProblem {
  field: string;
  message: string;
}

/** An endpoint an admin can fix: each problem names its field. */
export class InvalidWebhookError extends Error {
  constructor(readonly problems: WebhookProblem[]) {
    super(`Invalid webhook: ${problems.map((problem) => problem.message).join('; ')}`);
    this.name = 'InvalidWebhookError';
  }
}
