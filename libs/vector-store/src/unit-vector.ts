/** Scales a vector to unit L2 length; a zero vector is returned as zeros rather than NaN. */
export function toUnitVector(values: ArrayLike<number>): number[] {
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) throw new Error(`embedding has a non-finite component at index ${i}`);
    sumOfSquares += value * value;
  }
  const norm = Math.sqrt(sumOfSquares);
  const vector = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) vector[i] = norm === 0 ? 0 : values[i] / norm;
  return vector;
}
