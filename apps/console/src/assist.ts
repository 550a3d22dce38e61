import type { ReplySuggestionView, RewriteStyle } from '@switchboard/contracts';
import { ApiError } from './console-api';
import { formatConfidence } from './format';

const STYLE_LABELS: Readonly<Record<RewriteStyle, string>> = {
  shorter: 'Shorter',
  friendlier: 'Friendlier',
  more_formal: 'More formal',
  fix_grammar: 'Fix grammar',
  translate: "Translate to customer's language",
};

export function rewriteStyleLabel(style: RewriteStyle): string {
  return STYLE_LABELS[style];
}

/** "confidence 0.72 · extractive": how far the agent can trust the draft, and who wrote it. */
export function suggestionMeta(suggestion: Pick<ReplySuggestionView, 'confidence' | 'model'>): string {
  return `${formatConfidence(suggestion.confidence)} · ${suggestion.model === 'extractive' ? 'from the knowledge base, no model' : suggestion.model}`;
}

export function citationLabel(citation: ReplySuggestionView['citations'][number]): string {
  return `[${citation.index}] ${citation.title.trim() || 'Untitled'}`;
}

const FILTERED_LABELS: Readonly<Record<string, string>> = {
  removed_link: 'a link',
  redacted_phone: 'a phone number',
  redacted_email: 'an e-mail address',
  redacted_card: 'a card number',
  blocked_system_prompt: 'the model’s instructions',
};

/** What the output filter took out of a rewrite, in words, or null when it changed nothing. */
export function filteredNote(filtered: readonly string[]): string | null {
  if (filtered.length === 0) return null;
  const labels = [...new Set(filtered.map((kind) => FILTERED_LABELS[kind] ?? kind.replace(/_/g, ' ')))];
  return `Removed because the conversation does not contain it: ${labels.join(', ')}.`;
}

export type AssistKind = 'suggest' | 'rewrite' | 'summary';

export function assistErrorText(kind: AssistKind, error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Try again.';
  if (error.code === 'nothing_to_suggest') return 'The customer has not written anything to reply to yet.';
  if (error.code === 'language_unknown') {
    return "Couldn't tell the customer's language from the conversation.";
  }
  if (error.code === 'assist_unavailable') return error.message;
  const what = kind === 'suggest' ? 'suggest a reply' : kind === 'rewrite' ? 'rewrite' : 'summarise';
  return `Couldn't ${what}: ${error.message}`;
}
