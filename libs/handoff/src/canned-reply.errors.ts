export class DuplicateCannedReplyError extends Error {
  constructor(readonly shortCode: string) {
    super(`A canned reply with short code "${shortCode}" already exists`);
    this.name = 'DuplicateCannedReplyError';
  }
}

export class CannedReplyLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A workspace has at most ${limit} canned replies: delete one first`);
    this.name = 'CannedReplyLimitError';
  }
}

export class InvalidCannedReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCannedReplyError';
  }
}
