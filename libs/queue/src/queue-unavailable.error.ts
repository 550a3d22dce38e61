/** Redis cannot take the job right now; the caller decides whether to retry (the outbox relay does). */
export class QueueUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}
