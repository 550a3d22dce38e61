/** Fine-tuning needs an OpenAI-compatible API; the offline configuration has none. */
export class FineTuningProviderMissingError extends Error {
  constructor() {
    super(
      'Fine-tuning needs an OpenAI-compatible provider: set OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server)',
    );
    this.name = 'FineTuningProviderMissingError';
  }
}

/** The dataset is smaller than the provider accepts. */
export class TooFewExamplesError extends Error {
  constructor(
    readonly examples: number,
    readonly minimum: number,
  ) {
    super(
      `The dataset has ${examples} training examples; the provider needs at least ${minimum}. Resolve more conversations with agent replies or helpful answers first.`,
    );
    this.name = 'TooFewExamplesError';
  }
}

export class FineTuningNotFoundError extends Error {
  constructor(
    readonly what: 'Export' | 'Fine-tuning job',
    readonly id: string,
  ) {
    super(`${what} ${id} not found`);
    this.name = 'FineTuningNotFoundError';
  }
}

/** The provider refused or failed a request; `status` is its HTTP status, null when it could not be reached. */
export class FineTuningProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(`The fine-tuning provider failed: ${message}`);
    this.name = 'FineTuningProviderError';
  }
}
