import { ParseBoolPipe, ParseIntPipe, PipeTransform, Type } from '@nestjs/common';
import { GUARDS_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';

/** One argument a handler binds from the request, with the pipes of its own decorator. */
export interface BoundInput {
  source: 'body' | 'query' | 'param' | 'files';
  /** The parameter name (`@Param('id')`), or null when the whole body or query is bound to a DTO. */
  name: string | null;
  /** The declared class of the argument: a DTO, or String / Number / Boolean. */
  type: unknown;
  pipes: unknown[];
}

/** What the metadata of one controller method says about its route, keyed like Swagger's operationId. */
export interface RouteFacts {
  operationId: string;
  controller: Type<unknown>;
  handler: string;
  guards: unknown[];
  inputs: BoundInput[];
  /** Metadata set with SetMetadata on the handler or its class (handler first), by key. */
  metadata(key: string): unknown;
}

const BOUND_SOURCES: Partial<Record<number, BoundInput['source']>> = {
  [RouteParamtypes.BODY]: 'body',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
  [RouteParamtypes.FILES]: 'files',
  [RouteParamtypes.FILE]: 'files',
};

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

function boundInputs(controller: Type<unknown>, handler: string): BoundInput[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, RouteArgument>;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, handler) ?? []) as unknown[];
  return Object.entries(args).flatMap(([key, argument]): BoundInput[] => {
    const source = BOUND_SOURCES[Number(key.split(':')[0])];
    if (!source) return [];
    const name = typeof argument.data === 'string' ? argument.data : null;
    return [{ source, name, type: types[argument.index], pipes: argument.pipes ?? [] }];
  });
}

function handlerNames(controller: Type<unknown>): string[] {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).filter(
    (name) => name !== 'constructor' && typeof prototype[name] === 'function',
  );
}

/** The facts of every handler of these controllers; Swagger names an operation `<Controller>_<method>`. */
export function collectRouteFacts(controllers: Array<Type<unknown>>): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const controller of controllers) {
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[];
    for (const handler of handlerNames(controller)) {
      const method = (controller.prototype as Record<string, object>)[handler];
      const operationId = `${controller.name}_${handler}`;
      facts.set(operationId, {
        operationId,
        controller,
        handler,
        guards: [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, method) ?? []) as unknown[])],
        inputs: boundInputs(controller, handler),
        metadata: (key): unknown =>
          (Reflect.getMetadata(key, method) ?? Reflect.getMetadata(key, controller)) as unknown,
      });
    }
  }
  return facts;
}

function isPipe(pipe: unknown, kind: Type<PipeTransform>): boolean {
  return pipe === kind || pipe instanceof kind;
}

/** `ParseIntPipe`: the parameter is an integer. */
export function parsesInteger(input: BoundInput): boolean {
  return input.pipes.some((pipe) => isPipe(pipe, ParseIntPipe));
}

/** `new ParseBoolPipe({ optional: true })` (or any pipe built with `optional: true`): the parameter may be left out. */
export function isOptionalByPipe(input: BoundInput): boolean {
  return input.pipes.some(
    (pipe) =>
      (pipe instanceof ParseBoolPipe || pipe instanceof ParseIntPipe) &&
      (pipe as unknown as { options?: { optional?: boolean } }).options?.optional === true,
  );
}
