/** The bytes could not be turned into text (corrupt, encrypted, binary, too slow or too large to parse). */
export class DocumentParseError extends Error {
  constructor(
    message: string,
    readonly fileName?: string,
    options?: { cause?: unknown },
  ) {
    super(fileName ? `${fileName}: ${message}` : message, options);
    this.name = 'DocumentParseError';
  }
}
