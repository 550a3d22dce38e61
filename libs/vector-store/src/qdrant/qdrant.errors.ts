/** A Qdrant request failed; the message carries Qdrant's own explanation, which the client library drops. */
export class QdrantRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number | null,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Qdrant ${operation} failed${status === null ? '' : ` (${status})`}: ${detail}`, options);
    this.name = 'QdrantRequestError';
  }
}
