import { SetMetadata } from '@nestjs/common';

export const AUDITED = 'switchboard:audited';
export const NOT_AUDITED = 'switchboard:not-audited';

/**
 * Declares that the route changes configuration or access and records these audit actions (through AuditLog in the
 * service it calls). The api checks at run time that a successful call recorded at least one event, and a spec
 * requires every changing route to carry this or NotAudited.
 */
export const Audited = (...actions: [string, ...string[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(AUDITED, actions);

/** Declares, with the reason, that a changing route (or every route of a controller) changes no configuration. */
export const NotAudited = (reason: string): MethodDecorator & ClassDecorator => SetMetadata(NOT_AUDITED, reason);
