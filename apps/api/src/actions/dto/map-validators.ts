import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

const MAX_ENTRIES = 50;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON object of at most 50 string values (headers). */
@ValidatorConstraint({ name: 'isStringMap' })
export class IsStringMap implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!isPlainObject(value)) return false;
    const entries = Object.values(value);
    return entries.length <= MAX_ENTRIES && entries.every((item) => typeof item === 'string');
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be an object of at most ${MAX_ENTRIES} string values`;
  }
}

/** A JSON object of at most 50 string or null values (secrets: null removes one). */
@ValidatorConstraint({ name: 'isSecretMap' })
export class IsSecretMap implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (!isPlainObject(value)) return false;
    const entries = Object.values(value);
    return entries.length <= MAX_ENTRIES && entries.every((item) => typeof item === 'string' || item === null);
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be an object of at most ${MAX_ENTRIES} string (or, to remove one, null) values`;
  }
}

/** One parameter name, a list of them, or null. */
@ValidatorConstraint({ name: 'isIdentity' })
export class IsIdentity implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null || typeof value === 'string') return true;
    return Array.isArray(value) && value.length <= MAX_ENTRIES && value.every((item) => typeof item === 'string');
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be a parameter name, a list of parameter names, or null`;
  }
}

/** A JSON object (the parameters schema, checked in full by the service). */
@ValidatorConstraint({ name: 'isJsonObject' })
export class IsJsonObject implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isPlainObject(value);
  }

  defaultMessage({ property }: ValidationArguments): string {
    return `${property} must be a JSON Schema object such as {"type": "object", "properties": {...}}`;
  }
}
