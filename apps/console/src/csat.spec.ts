import { distributionText, ratingLabel, starsText, summaryText } from './csat';

describe('CSAT in the console', () => {
  it('draws the score as filled and empty stars', () => {
    expect(starsText(4)).toBe('★★★★☆');
    expect(starsText(1)).toBe('★☆☆☆☆');
    expect(starsText(5)).toBe('★★★★★');
  });

  it('summarises a group of ratings, and says when there are none', () => {
    const distribution = { '1': 0, '2': 1, '3': 0, '4': 2, '5': 1 };
    expect(summaryText({ count: 4, average: 3.75, distribution })).toBe('3.75 (4 ratings)');
    expect(summaryText({ count: 1, average: 5, distribution })).toBe('5.00 (1 rating)');
    expect(summaryText({ count: 0, average: null, distribution })).toBe('No ratings');
    expect(distributionText({ count: 4, average: 3.75, distribution })).toBe('1: 0 · 2: 1 · 3: 0 · 4: 2 · 5: 1');
  });

  it('names where the rating was given', () => {
    const rating = { score: 3, comment: null, agentId: null, submittedAt: '', updatedAt: '' };
    expect(ratingLabel({ ...rating, channel: 'widget' })).toBe('Rated 3 out of 5 in the widget');
    expect(ratingLabel({ ...rating, channel: 'email' })).toBe('Rated 3 out of 5 in e-mail');
    expect(ratingLabel({ ...rating, channel: 'slack' })).toBe('Rated 3 out of 5 in Slack');
  });
});
