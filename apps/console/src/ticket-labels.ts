import type { TeamRef, TicketLabels, TicketSentiment, TicketUrgency, TicketView } from '@switchboard/contracts';

/** The queue's label filters; a field left out does not filter. `team` keeps the team's topics to match live events. */
export interface LabelFilter {
  topic?: string;
  urgency?: TicketUrgency;
  sentiment?: TicketSentiment;
  language?: string;
  team?: TeamRef;
}

export const URGENCY_OPTIONS: Array<[TicketUrgency, string]> = [
  ['high', 'High'],
  ['normal', 'Normal'],
  ['low', 'Low'],
];

export const SENTIMENT_OPTIONS: Array<[TicketSentiment, string]> = [
  ['negative', 'Negative'],
  ['neutral', 'Neutral'],
  ['positive', 'Positive'],
];

/** Languages the offline classifier tells apart; a model may label others, which the filter still takes by code. */
export const LANGUAGE_OPTIONS: Array<[string, string]> = [
  ['en', 'English'],
  ['es', 'Spanish'],
  ['fr', 'French'],
  ['de', 'German'],
  ['pt', 'Portuguese'],
  ['it', 'Italian'],
  ['nl', 'Dutch'],
];

/** Whether a ticket that changed live still belongs under the label filters, as the server would decide. */
export function matchesLabelFilter(labels: TicketLabels, filter: LabelFilter): boolean {
  if (filter.topic !== undefined && labels.topic !== filter.topic) return false;
  if (filter.team && (labels.topic === null || !filter.team.topics.includes(labels.topic))) return false;
  if (filter.urgency !== undefined && labels.urgency !== filter.urgency) return false;
  if (filter.sentiment !== undefined && labels.sentiment !== filter.sentiment) return false;
  if (filter.language !== undefined && labels.language !== filter.language) return false;
  return true;
}

/** The query parameters of `GET tickets` for the label filters. */
export function labelFilterParams(filter: LabelFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.topic !== undefined) params.topic = filter.topic;
  if (filter.urgency !== undefined) params.urgency = filter.urgency;
  if (filter.sentiment !== undefined) params.sentiment = filter.sentiment;
  if (filter.language !== undefined) params.language = filter.language;
  if (filter.team) params.team = filter.team.id;
  return params;
}

/** Short texts for a ticket's label chips; an unclassified topic says so, other missing labels are left out. */
export function labelChips(ticket: Pick<TicketView, 'labels'>): Array<{ kind: string; text: string }> {
  const { topic, urgency, sentiment, language } = ticket.labels;
  const chips = [{ kind: 'topic', text: topic ?? 'Unclassified' }];
  if (urgency) chips.push({ kind: `urgency-${urgency}`, text: `${labelOf(URGENCY_OPTIONS, urgency)} urgency` });
  if (sentiment) chips.push({ kind: `sentiment-${sentiment}`, text: labelOf(SENTIMENT_OPTIONS, sentiment) });
  if (language) chips.push({ kind: 'language', text: language.toUpperCase() });
  return chips;
}

/** Who set the labels, for the ticket header. */
export function labelSourceText(labels: TicketLabels): string {
  switch (labels.source) {
    case 'llm':
      return 'Labelled by the model';
    case 'rules':
      return 'Labelled by rules';
    case 'agent':
      return 'Labelled by an agent';
    case null:
      return 'Not labelled';
  }
}

function labelOf<T extends string>(options: Array<[T, string]>, value: T): string {
  return options.find(([option]) => option === value)?.[1] ?? value;
}
