import { DECORATORS } from '@nestjs/swagger';
import { ValidationTypes, getMetadataStorage } from 'class-validator';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** The custom format the document gives an IANA time zone (`Europe/Berlin`), checked by IsTimeZone. */
export const TIME_ZONE_FORMAT = 'iana-time-zone';

/** What a class-validator check says about a property's type or format. */
export interface PropertyRule {
  type?: 'integer';
  format?: string;
}

const RULES: Record<string, PropertyRule> = {
  isInt: { type: 'integer' },
  isEmail: { format: 'email' },
  isUrl: { format: 'uri' },
  isUuid: { format: 'uuid' },
  isTimeZone: { format: TIME_ZONE_FORMAT },
};

/** A property's rules; `each` means they hold for the items of an array. */
export interface PropertyRules {
  property: string;
  rule: PropertyRule;
  each: boolean;
}

type DtoClass = abstract new (...args: never[]) => unknown;
const BUILT_IN_TYPES: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Object, Array, Buffer]);

export function isDtoClass(type: unknown): type is DtoClass {
  return typeof type === 'function' && !BUILT_IN_TYPES.has(type) && 'prototype' in type;
}

function validations(dto: DtoClass): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
}

/** `@IsEmail()` is named in its metadata; `@Validate(IsTimeZone)` through its constraint class. */
function checkName(metadata: ValidationMetadata): string | undefined {
  if (metadata.name) return metadata.name;
  if (!metadata.constraintCls) return undefined;
  return getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls)[0]?.name;
}

/** The type and format rules of a DTO's properties, from its class-validator decorators. */
export function propertyRules(dto: DtoClass): PropertyRules[] {
  return validations(dto).flatMap((metadata) => {
    const rule = RULES[checkName(metadata) ?? ''];
    return rule ? [{ property: metadata.propertyName, rule, each: metadata.each === true }] : [];
  });
}

/** The class a documented property holds (`type: Dto`, `[Dto]` or `() => Dto`), if any. */
function documentedClass(dto: DtoClass, property: string): DtoClass | null {
  const documented = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto.prototype as object, property) as
    { type?: unknown } | undefined;
  let type: unknown = documented?.type;
  if (Array.isArray(type)) type = (type as unknown[])[0];
  // An arrow function (`type: () => Dto`) has no prototype: it names the class lazily.
  if (typeof type === 'function' && !('prototype' in type && type.prototype)) type = (type as () => unknown)();
  return isDtoClass(type) ? type : null;
}

/**
 * The DTOs the global ValidationPipe checks, whitelist included: the bodies and what they reach through
 * `@ValidateNested()`. A nested class without it is not checked, so it gets no `additionalProperties: false`.
 */
export function validatedDtos(roots: readonly DtoClass[]): Set<DtoClass> {
  const found = new Set<DtoClass>();
  const visit = (dto: DtoClass): void => {
    if (found.has(dto)) return;
    found.add(dto);
    for (const metadata of validations(dto)) {
      if (metadata.type !== ValidationTypes.NESTED_VALIDATION) continue;
      const nested = documentedClass(dto, metadata.propertyName);
      if (nested) visit(nested);
    }
  };
  roots.forEach(visit);
  return found;
}
