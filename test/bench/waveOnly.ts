// Issue 17's first-wave scan beside the official SDK, alone and for several rounds, to tune it without the whole
// `npm run bench`: prints each round, the medians, the ratios the bench judges and the machine's load.
//   npm run build && node out/test/bench/waveOnly.js [rounds, default 5]
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INSTANT_TARGET, waveAgainstSdk, waveFloorMs } from './instant';
import { formatMs, formatRatio, median } from './report';
import { defaultConcurrency } from './scans';

function loadLine(): string {
  return os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(', ');
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`rounds must be a whole number of at least 1 (got ${process.argv[2]})`);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'genesys-wave-'));
  try {
    // As in run.ts: the SDK reads ~/.genesyscloudjavascript/config when it loads; give it an empty HOME.
    const home = path.join(workDir, 'home');
    fs.mkdirSync(home);
    console.log(`First wave against the SDK, ${rounds} rounds; load average before (1, 5, 15 min): ${loadLine()}`);
    const { wave, bare, sdk } = await waveAgainstSdk({ ...process.env, HOME: home }, rounds);
    const ours = median(wave.map((scan) => scan.elapsedMs));
    const least = median(bare.map((scan) => scan.elapsedMs));
    const theirs = median(sdk.map((scan) => scan.elapsedMs));
    const floor = waveFloorMs(defaultConcurrency());
    console.log(`Median: first wave ${formatMs(ours)}, bare client ${formatMs(least)}, SDK ${formatMs(theirs)}, floor ${formatMs(floor)}`);
    console.log(`Bare client ÷ floor ${formatRatio(least / floor)}, ours ÷ bare client ${formatRatio(ours / least)}`);
    console.log(
      `÷ floor ${formatRatio(ours / floor)} (target ≤ ${INSTANT_TARGET.floorMultiple}), SDK ÷ ours ${formatRatio(theirs / ours)} (target ≥ ${INSTANT_TARGET.speedupOverSdk})`,
    );
    console.log(`Every user once in every round: ${wave.every((scan) => scan.complete) ? 'yes' : 'NO'}; load average after: ${loadLine()}`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`The first-wave bench failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
