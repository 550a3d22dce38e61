import type { CsatRatingView, CsatSummary } from '@switchboard/contracts';

/** Five stars, the first `score` filled: "★★★★☆" for 4. */
export function starsText(score: number): string {
  const filled = Math.max(0, Math.min(5, Math.round(score)));
  return '★'.repeat(filled) + '☆'.repeat(5 - filled);
}

/** "4.25 (12 ratings)", or "No ratings" for an empty group. */
export function summaryText(summary: CsatSummary): string {
  if (summary.count === 0 || summary.average === null) return 'No ratings';
  return `${summary.average.toFixed(2)} (${summary.count} rating${summary.count === 1 ? '' : 's'})`;
}

/** How many of each score, lowest first: "1: 0 · 2: 1 · 3: 0 · 4: 2 · 5: 5". */
export function distributionText(summary: CsatSummary): string {
  return (['1', '2', '3', '4', '5'] as const).map((score) => `${score}: ${summary.distribution[score]}`).join(' · ');
}

const CHANNELS: Record<CsatRatingView['channel'], string> = { widget: 'widget', email: 'e-mail', slack: 'Slack' };

/** "Rated 4 out of 5 in the widget" for the transcript. */
export function ratingLabel(rating: CsatRatingView): string {
  return `Rated ${rating.score} out of 5 in ${rating.channel === 'widget' ? 'the widget' : CHANNELS[rating.channel]}`;
}
