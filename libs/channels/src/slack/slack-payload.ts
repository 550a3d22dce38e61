/** Reading Slack's loosely typed request bodies. */

export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** "<@U123> how do refunds work?" → "how do refunds work?" */
export function stripMentions(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
