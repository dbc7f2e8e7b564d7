// `npm run test:pacing-load`: the client's pacing tests (every test whose title mentions the token's budget), 20 runs
// in a row while one busy process per core keeps the machine loaded. Not part of `npm test`: it burns every core.
//   node out/test/stress/pacingUnderLoad.js [runs]
import { spawn, spawnSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';

const runs = Number(process.argv[2] ?? 20);
const testFile = path.join(__dirname, '..', 'node', 'api', 'failures.test.js');
const mocha = require.resolve('mocha/bin/mocha.js');

const burners = Array.from({ length: os.availableParallelism() }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const stopBurners = () => burners.forEach((burner) => burner.kill());
process.once('exit', stopBurners);

let passed = 0;
try {
  console.log(`${burners.length} busy processes started (one per core); running the pacing tests ${runs} times.`);
  for (let run = 1; run <= runs; run++) {
    const started = Date.now();
    const result = spawnSync(process.execPath, [mocha, '--timeout', '60000', '--grep', 'budget', testFile], { encoding: 'utf8' });
    const summary = /(\d+) passing[\s\S]*?(?:(\d+) failing)?\s*$/.exec(result.stdout);
    const ok = result.status === 0;
    passed += ok ? 1 : 0;
    console.log(`run ${run}: ${ok ? 'passed' : 'FAILED'} (${summary?.[1] ?? 0} passing, ${summary?.[2] ?? 0} failing) in ${Date.now() - started} ms`);
    if (!ok) {
      console.log(
        result.stdout
          .split('\n')
          .filter((line) => /\d\)|Error|429/.test(line))
          .join('\n'),
      );
    }
  }
} finally {
  stopBurners();
}
console.log(`${passed} of ${runs} runs passed under load`);
process.exitCode = passed === runs ? 0 : 1;
