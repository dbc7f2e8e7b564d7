// Times `require` of one bundle in a fresh Node process (nothing cached), printing the milliseconds as JSON; then,
// if given, `require` of further bundles after it (the extension's lazily loaded parts), timed together.
//   node out/test/bench/loadWorker.js <bundle.js> [<then.js> ...]   → {"loadMs": …, "thenMs": …}
// `vscode` exists only inside VS Code: a stub stands in for it, so the extension's bundle loads as it would there.
import Module from 'module';

/** Any property, call or `new` of the stub gives the stub again: enough for a bundle's top-level code. */
function vscodeStub(): unknown {
  const stub: object = new Proxy(function vscode() {}, {
    get: (_target, property) => (property === Symbol.toPrimitive ? () => 'vscode' : stub),
    apply: () => stub,
    construct: () => stub,
  });
  return stub;
}

function main(): void {
  const [bundle, ...then] = process.argv.slice(2);
  if (!bundle) {
    throw new Error('usage: node loadWorker.js <bundle.js> [<then.js> ...]');
  }
  const stub = vscodeStub();
  const moduleLoader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const load = moduleLoader._load;
  moduleLoader._load = function (request, parent, isMain) {
    return request === 'vscode' ? stub : load.call(this, request, parent, isMain);
  };
  const started = performance.now();
  require(bundle);
  const loadMs = performance.now() - started;
  const thenStarted = performance.now();
  then.forEach((next) => require(next));
  const thenMs = performance.now() - thenStarted;
  process.stdout.write(`${JSON.stringify({ loadMs, thenMs })}\n`);
  // The SDK leaves timers and watchers behind; they are not part of loading.
  process.exit(0);
}

main();
