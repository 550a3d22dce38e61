/** The conversation has no customer message to draft a reply to. */
export class NothingToSuggestError extends Error {
  constructor(readonly conversationId: string) {
    super(`Conversation ${conversationId} has no customer message to reply to`);
    this.name = 'NothingToSuggestError';
  }
}

/** The assist needs a language model and none is configured (offline): the console disables it with this reason. */
export class AssistUnavailableError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AssistUnavailableError';
  }
}

/** The target language of a translation is missing and the customer's could not be told from the conversation. */
export class UnknownLanguageError extends Error {
  constructor() {
    super('The customer\'s language could not be told from the conversation: give one (e.g. "es")');
    this.name = 'UnknownLanguageError';
  }
}
