import type { CsatRatingView } from '@switchboard/contracts';
import type { CsatRating } from '@switchboard/database';

export function toCsatRatingView(rating: CsatRating): CsatRatingView {
  return {
    score: rating.score,
    comment: rating.comment,
    channel: rating.channel,
    agentId: rating.agentId,
    submittedAt: rating.submittedAt.toISOString(),
    updatedAt: rating.updatedAt.toISOString(),
  };
}
