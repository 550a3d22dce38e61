import 'reflect-metadata';
import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ContractModel } from '@switchboard/contracts/testing';
import { ConsoleModule } from './console/console.module';
import { WidgetModule } from './widget/widget.module';

/** `METHOD path` of every route the module's controllers serve under `prefix`, with the prefix taken off. */
function servedRoutes(module: Type, prefix: string): string[] {
  const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []) as Type[];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    if (!base.startsWith(prefix)) return [];
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler: unknown = controller.prototype[name];
      const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, handler as object);
      if (name === 'constructor' || method === undefined) return [];
      const path = [base.slice(prefix.length), String(Reflect.getMetadata(PATH_METADATA, handler as object))]
        .join('/')
        .replace(/\/+/g, '/')
        .replace(/^\/|\/$/g, '');
      return [`${RequestMethod[method]} ${path}`];
    });
  });
}

describe('the widget and console controllers against @switchboard/contracts', () => {
  const contract = new ContractModel();
  const routesOf = (map: string): string[] => [...contract.properties(contract.named(map)!).keys()];

  it('serve exactly the widget routes of the contract', () => {
    expect(servedRoutes(WidgetModule, 'v1/widget/:inboxKey').sort()).toEqual(routesOf('WidgetRoutes').sort());
  });

  it('serve exactly the console routes of the contract', () => {
    expect(servedRoutes(ConsoleModule, 'v1/console').sort()).toEqual(routesOf('ConsoleRoutes').sort());
  });
});
