import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

export interface FieldError {
  field: string;
  messages: string[];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function invalidRequest(fields: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Invalid request: ${fields.map((f) => f.field).join(', ')}`,
    errors: fields,
  });
}

type Constructor = abstract new (...args: never[]) => unknown;
const BUILT_IN_TYPES: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Object, Array]);

/** The DTO class a documented property holds (`type: Dto`, `[Dto]` or `() => Dto`), if any. */
function nestedClass(type: unknown): Constructor | null {
  const candidate: unknown = Array.isArray(type) ? (type as unknown[])[0] : type;
  if (typeof candidate !== 'function' || BUILT_IN_TYPES.has(candidate)) return null;
  // An arrow function (`type: () => Dto`) has no prototype: it names the class lazily.
  if (!(candidate as { prototype?: unknown }).prototype) return nestedClass((candidate as () => unknown)());
  return candidate as Constructor;
}

/**
 * Fields sent as null that the DTO, and so the OpenAPI document, does not declare `nullable`: `@IsOptional()`
 * lets null through, and a column that is not nullable then fails in the database or takes a wrong default.
 */
export function undeclaredNulls(value: unknown, dto: Constructor | undefined, path = ''): FieldError[] {
  if (!dto || typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, item]): FieldError[] => {
    const documented = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto.prototype as object, key) as
      { nullable?: boolean; type?: unknown } | undefined;
    // A field the DTO does not know is refused by the whitelist, with its own message.
    if (!documented) return [];
    const field = path ? `${path}.${key}` : key;
    if (item === null) return documented.nullable ? [] : [{ field, messages: [`${field} must not be null`] }];
    const nested = nestedClass(documented.type) ?? undefined;
    if (Array.isArray(item)) return item.flatMap((element, i) => undeclaredNulls(element, nested, `${field}.${i}`));
    return undeclaredNulls(item, nested, field);
  });
}

/** Every DTO is validated; unknown fields and undeclared nulls are refused; a 400 names each failing field. */
class DocumentedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      const nulls = undeclaredNulls(value, metadata.metatype as Constructor | undefined);
      if (nulls.length > 0) throw invalidRequest(nulls);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new DocumentedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalidRequest(flatten(errors)),
  });
}
