import type { TicketLabels } from '@switchboard/contracts';
import { labelChips, labelFilterParams, labelSourceText, matchesLabelFilter } from './ticket-labels';

const LABELS: TicketLabels = {
  topic: 'billing',
  urgency: 'high',
  sentiment: 'negative',
  language: 'en',
  source: 'llm',
};
const TEAM = { id: 'team-1', name: 'Payments', topics: ['billing', 'refunds'] };

describe('matchesLabelFilter', () => {
  it('matches every ticket without label filters', () => {
    expect(matchesLabelFilter({ ...LABELS, topic: null }, {})).toBe(true);
  });

  it('needs every label given to match', () => {
    expect(matchesLabelFilter(LABELS, { topic: 'billing', urgency: 'high' })).toBe(true);
    expect(matchesLabelFilter(LABELS, { topic: 'billing', urgency: 'low' })).toBe(false);
    expect(matchesLabelFilter(LABELS, { sentiment: 'positive' })).toBe(false);
    expect(matchesLabelFilter(LABELS, { language: 'de' })).toBe(false);
  });

  it('matches a team by its topics, never an unclassified ticket', () => {
    expect(matchesLabelFilter(LABELS, { team: TEAM })).toBe(true);
    expect(matchesLabelFilter({ ...LABELS, topic: 'shipping' }, { team: TEAM })).toBe(false);
    expect(matchesLabelFilter({ ...LABELS, topic: null }, { team: TEAM })).toBe(false);
  });
});

describe('labelFilterParams', () => {
  it('sends the labels given and the team by id', () => {
    expect(labelFilterParams({ topic: 'billing', language: 'en', team: TEAM })).toEqual({
      topic: 'billing',
      language: 'en',
      team: 'team-1',
    });
    expect(labelFilterParams({})).toEqual({});
  });
});

describe('labelChips', () => {
  it('shows the topic, urgency, sentiment and language', () => {
    expect(labelChips({ labels: LABELS }).map((chip) => chip.text)).toEqual([
      'billing',
      'High urgency',
      'Negative',
      'EN',
    ]);
  });

  it('says unclassified rather than leaving the topic out', () => {
    const labels = { topic: null, urgency: null, sentiment: null, language: null, source: null };
    expect(labelChips({ labels })).toEqual([{ kind: 'topic', text: 'Unclassified' }]);
    expect(labelSourceText(labels)).toBe('Not labelled');
  });
});
