import 'reflect-metadata';
import { DynamicModule, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { AUDITED, NOT_AUDITED } from '@switchboard/audit';
import type { AppConfig } from '@switchboard/config';
import { ApiModule } from '../api.module';

const CHANGING = new Set([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);

type ModuleRef = Type | DynamicModule;

/** Every controller the api serves: its own and those of the modules it imports, dynamic ones included. */
function controllersOf(module: ModuleRef, seen = new Set<unknown>()): Type[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const dynamic = typeof module === 'function' ? null : module;
  const type = dynamic ? dynamic.module : (module as Type);
  const read = (key: string): unknown[] => (Reflect.getMetadata(key, type) as unknown[] | undefined) ?? [];
  const controllers = [...read(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])] as Type[];
  const imports = [...read(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])];
  const modules = imports.filter(
    (imported): imported is ModuleRef =>
      typeof imported === 'function' || (typeof imported === 'object' && imported !== null && 'module' in imported),
  );
  return [...controllers, ...modules.flatMap((imported) => controllersOf(imported, seen))];
}

/** `METHOD path` of each changing route that declares neither @Audited nor @NotAudited (on itself or its class). */
function undeclared(controllers: Type[]): string[] {
  return controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = controller.prototype[name] as object;
      const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler);
      if (name === 'constructor' || method === undefined || !CHANGING.has(method)) return [];
      const declared = [AUDITED, NOT_AUDITED].some(
        (key) => Reflect.getMetadata(key, handler) !== undefined || Reflect.getMetadata(key, controller) !== undefined,
      );
      const path = `${String(Reflect.getMetadata(PATH_METADATA, controller))}/${String(Reflect.getMetadata(PATH_METADATA, handler))}`;
      return declared ? [] : [`${RequestMethod[method]} ${path} (${controller.name}.${name})`];
    }),
  );
}

describe('audited routes', () => {
  const config = { knowledge: { uploadMaxBytes: 1 } } as AppConfig;
  const controllers = controllersOf(ApiModule.forRoot(config));

  it('finds the api, console, widget and channel controllers', () => {
    const names = controllers.map((controller) => controller.name);
    expect(names).toEqual(expect.arrayContaining(['ApiKeysController', 'ConsoleAuditController', 'WidgetController']));
  });

  it('makes every route that changes something say whether it is audited', () => {
    expect(undeclared(controllers)).toEqual([]);
  });
});
