// The suite entry that both VS Code hosts load (runHostTests.ts through the VS Code server,
// runElectronTests.ts through a desktop VS Code): runs every *.test.js below this folder with mocha.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  // GENESYS_TEST_GREP (forwarded by the runners like every GENESYS_TEST_* variable) runs only the matching tests.
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', grep: process.env.GENESYS_TEST_GREP || undefined });
  for (const file of findTestFiles(__dirname)) {
    mocha.addFile(file);
  }
  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    const runner = mocha.run(() => (runner.stats ? resolve(runner.stats) : reject(new Error('mocha reported no statistics'))));
  });
  const skipped = stats.pending > 0 ? `, ${stats.pending} skipped` : '';
  // The plain closing line that the runners and CI read.
  console.log(`${stats.passes} passed, ${stats.failures} failed${skipped}`);
  if (stats.failures > 0) {
    throw new Error(`${stats.failures} test(s) failed`);
  }
}

/** Every *.test.js file under dir, recursively, in a stable order. */
export function findTestFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findTestFiles(entryPath));
    } else if (entry.isFile() && entry.name.endsWith('.test.js')) {
      found.push(entryPath);
    }
  }
  return found.sort();
}
