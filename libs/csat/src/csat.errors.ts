/** The rating request (or conversation) to rate is not this customer's, or does not exist. */
export class CsatRequestNotFoundError extends Error {
  constructor() {
    super('No rating request found for this conversation');
    this.name = 'CsatRequestNotFoundError';
  }
}

/** The window for rating (and changing a rating) has ended. */
export class CsatWindowClosedError extends Error {
  constructor(readonly closedAt: Date) {
    super(`Ratings for this conversation closed at ${closedAt.toISOString()}`);
    this.name = 'CsatWindowClosedError';
  }
}

/** A rating link that was altered or is not a rating link at all. */
export class InvalidCsatLinkError extends Error {
  constructor() {
    super('This rating link is not valid: it may have been altered or copied incompletely');
    this.name = 'InvalidCsatLinkError';
  }
}

/** A rating link past its expiry. */
export class ExpiredCsatLinkError extends Error {
  constructor() {
    super('This rating link has expired');
    this.name = 'ExpiredCsatLinkError';
  }
}

/** A conversation with nothing said in it yet: there is nothing to end or rate. */
export class NothingToEndError extends Error {
  constructor() {
    super('Nothing has been said in this conversation yet: there is nothing to end');
    this.name = 'NothingToEndError';
  }
}

/** Only a conversation the bot still holds can be ended by the customer for a rating. */
export class ConversationNotBotOwnedError extends Error {
  constructor() {
    super('Only a conversation with the bot can be ended here; a person is handling this one');
    this.name = 'ConversationNotBotOwnedError';
  }
}
