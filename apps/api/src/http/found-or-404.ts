import { NotFoundException } from '@nestjs/common';

/** The resource, or a 404 naming what was not found (another workspace's resources are not found either). */
export function foundOr404<T>(value: T | null, what: string): T {
  if (value === null) throw new NotFoundException(`${what} not found`);
  return value;
}
