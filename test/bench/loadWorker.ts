// Times `require` of one bundle in a fresh Node process (nothing cached), printing the milliseconds as JSON; then,
// if given, `require` of further bundles after it (the extension's lazily loaded parts), timed together.
//   node out/test/bench/loadWorker.js <bundle.js> [<then.js> ...]   → {"loadMs": …, "thenMs": …}
import { standInForVscode } from '../vscodeStandIn';

function main(): void {
  const [bundle, ...then] = process.argv.slice(2);
  if (!bundle) {
    throw new Error('usage: node loadWorker.js <bundle.js> [<then.js> ...]');
  }
  standInForVscode();
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
