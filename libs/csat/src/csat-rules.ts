import { CSAT_COMMENT_MAX_CHARS } from '@switchboard/database';

/** A score the customer gave, and what they wrote, once checked. */
export interface CsatInput {
  score: number;
  comment: string | null;
}

export class InvalidCsatInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCsatInputError';
  }
}

/** A whole number from 1 to 5, and a comment of at most CSAT_COMMENT_MAX_CHARS (blank means none). */
export function checkCsatInput(score: unknown, comment: unknown): CsatInput {
  const number = typeof score === 'string' && /^\d+$/.test(score.trim()) ? Number(score) : score;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 5) {
    throw new InvalidCsatInputError('score must be a whole number from 1 to 5');
  }
  if (comment !== undefined && comment !== null && typeof comment !== 'string') {
    throw new InvalidCsatInputError('comment must be text');
  }
  const text = typeof comment === 'string' ? comment.trim() : '';
  if (text.length > CSAT_COMMENT_MAX_CHARS) {
    throw new InvalidCsatInputError(`comment must be at most ${CSAT_COMMENT_MAX_CHARS} characters`);
  }
  return { score: number, comment: text || null };
}

/** When a rating request stops taking ratings and changes: the window runs from the moment the customer was asked. */
export function csatWindowEnd(askedAt: Date, windowDays: number): Date {
  return new Date(askedAt.getTime() + windowDays * 86_400_000);
}

export function isWithinCsatWindow(askedAt: Date, windowDays: number, now = new Date()): boolean {
  return now.getTime() < csatWindowEnd(askedAt, windowDays).getTime();
}
