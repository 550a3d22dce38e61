/** Why a mail gets no automatic answer. */
export type AutomatedKind = 'bounce' | 'auto_reply' | 'mailing_list';

/**
 * Classifies a mail from its raw header values (names lower-cased) and its SMTP envelope sender (`''` is the null
 * sender `<>`, undefined when unknown, e.g. over the webhook). RFC 3834 and the usual vendor headers.
 */
export function classifyAutomated(
  headers: ReadonlyMap<string, string>,
  envelopeFrom?: string | null,
): AutomatedKind | null {
  const value = (name: string): string => (headers.get(name) ?? '').trim().toLowerCase();
  const contentType = value('content-type');
  if (/^multipart\/report\b/.test(contentType) && /report-type\s*=\s*"?delivery-status/.test(contentType)) {
    return 'bounce';
  }
  if (value('list-id') || value('list-unsubscribe') || value('list-post')) return 'mailing_list';
  const autoSubmitted = value('auto-submitted');
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto_reply';
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(value('precedence'))) return 'auto_reply';
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) {
    return 'auto_reply';
  }
  if (headers.has('return-path') && /^<\s*>$/.test(value('return-path'))) return 'auto_reply';
  if (envelopeFrom === '') return 'auto_reply';
  return null;
}
