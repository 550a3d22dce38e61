export const round = (value: number): number => Math.round(value * 10) / 10;

/** Linear interpolation between the closest ranks; NaN for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = (sorted.length - 1) * p;
  const low = Math.floor(index);
  return sorted[low] + (sorted[Math.ceil(index)] - sorted[low]) * (index - low);
}

export function summary(values: number[]): { p50: number; p95: number } {
  return { p50: round(percentile(values, 0.5)), p95: round(percentile(values, 0.95)) };
}
