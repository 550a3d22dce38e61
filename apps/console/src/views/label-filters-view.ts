import type { TeamRef, TicketSentiment, TicketUrgency } from '@switchboard/contracts';
import type { ConsoleApi } from '../console-api';
import { h } from '../dom';
import { LANGUAGE_OPTIONS, SENTIMENT_OPTIONS, URGENCY_OPTIONS, type LabelFilter } from '../ticket-labels';

export interface LabelFiltersViewOptions {
  api: ConsoleApi;
  filter: LabelFilter;
  onChange(filter: LabelFilter): void;
}

const ANY = '';

/** The queue's label filters: topic, urgency, sentiment, language and team, each "Any" by default. */
export class LabelFiltersView {
  readonly element: HTMLElement;
  private readonly topic: HTMLSelectElement;
  private readonly urgency: HTMLSelectElement;
  private readonly sentiment: HTMLSelectElement;
  private readonly language: HTMLSelectElement;
  private readonly team: HTMLSelectElement;
  private teams: TeamRef[] = [];

  constructor(private readonly options: LabelFiltersViewOptions) {
    const { filter } = options;
    const change = () => options.onChange(this.current());
    this.topic = select('queue-topic', filter.topic ? [[filter.topic, filter.topic]] : [], filter.topic, change);
    this.urgency = select('queue-urgency', URGENCY_OPTIONS, filter.urgency, change);
    this.sentiment = select('queue-sentiment', SENTIMENT_OPTIONS, filter.sentiment, change);
    this.language = select('queue-language', LANGUAGE_OPTIONS, filter.language, change);
    this.team = select('queue-team', filter.team ? [[filter.team.id, filter.team.name]] : [], filter.team?.id, change);
    this.element = h(
      'div',
      { className: 'queue-filters queue-filters--labels' },
      labelled('queue-topic', 'Topic', this.topic),
      labelled('queue-urgency', 'Urgency', this.urgency),
      labelled('queue-sentiment', 'Sentiment', this.sentiment),
      labelled('queue-language', 'Language', this.language),
      labelled('queue-team', 'Team', this.team),
    );
    this.teams = filter.team ? [filter.team] : [];
  }

  /** Fills the topic and team choices from the workspace; the filters work by value until then. */
  async load(): Promise<void> {
    try {
      const choices = await this.options.api.ticketLabelChoices();
      this.teams = choices.teams;
      fill(
        this.topic,
        choices.topics.map((topic) => [topic, topic]),
      );
      fill(
        this.team,
        choices.teams.map((team) => [team.id, team.name]),
      );
    } catch {
      // Without the choices the other filters still work; the queue shows its own load errors.
    }
  }

  private current(): LabelFilter {
    const filter: LabelFilter = {};
    if (this.topic.value !== ANY) filter.topic = this.topic.value;
    const urgency = URGENCY_OPTIONS.find(([value]) => value === this.urgency.value)?.[0];
    if (urgency) filter.urgency = urgency satisfies TicketUrgency;
    const sentiment = SENTIMENT_OPTIONS.find(([value]) => value === this.sentiment.value)?.[0];
    if (sentiment) filter.sentiment = sentiment satisfies TicketSentiment;
    if (this.language.value !== ANY) filter.language = this.language.value;
    const team = this.teams.find((each) => each.id === this.team.value);
    if (team) filter.team = team;
    return filter;
  }
}

function labelled(id: string, label: string, control: HTMLSelectElement): HTMLElement {
  return h('div', { className: 'filter' }, h('label', { attrs: { for: id } }, label), control);
}

function select(
  id: string,
  options: Array<[string, string]>,
  selected: string | undefined,
  onChange: () => void,
): HTMLSelectElement {
  const element = h('select', { attrs: { id }, on: { change: onChange } });
  fill(element, options, selected);
  return element;
}

/** Replaces the options, keeping the current choice when it is still offered. */
function fill(element: HTMLSelectElement, options: Array<[string, string]>, selected = element.value): void {
  element.replaceChildren(
    h('option', { attrs: { value: ANY, selected: selected === ANY || selected === undefined } }, 'Any'),
    ...options.map(([value, label]) => h('option', { attrs: { value, selected: value === selected } }, label)),
  );
}
