// `vscode` exists only inside VS Code. Outside it (the benchmark's load timing, the tests of the built bundles) a
// stand-in takes its place, so that the extension's bundles load as they would there.
import Module from 'module';

type ModuleLoader = { _load(request: string, parent: unknown, isMain: boolean): unknown };

/**
 * Makes `require('vscode')` give a stand-in of which any property, call or `new` gives the stand-in again: enough for
 * a bundle's top-level code. Returns what puts Node's own loading back.
 */
export function standInForVscode(): () => void {
  const standIn: object = new Proxy(function vscode() {}, {
    get: (_target, property) => (property === Symbol.toPrimitive ? () => 'vscode' : standIn),
    apply: () => standIn,
    construct: () => standIn,
  });
  const loader = Module as unknown as ModuleLoader;
  const load = loader._load;
  loader._load = function (request, parent, isMain) {
    return request === 'vscode' ? standIn : load.call(this, request, parent, isMain);
  };
  return () => {
    loader._load = load;
  };
}
