/** No parser for this media type or file extension; the message lists what is supported. */
export class UnsupportedMediaTypeError extends Error {
  constructor(
    readonly mediaType: string,
    readonly supported: readonly string[],
    readonly fileName?: string,
  ) {
    const subject = fileName ? `"${mediaType || 'unknown'}" (${fileName})` : `"${mediaType || 'unknown'}"`;
    super(`Unsupported media type ${subject}; supported: ${supported.join(', ')}`);
    this.name = 'UnsupportedMediaTypeError';
  }
}
