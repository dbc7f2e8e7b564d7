import { spawnSync } from 'child_process';
import * as path from 'path';
import { findRepoRoot } from './setup';

/** Builds the .vsix exactly as `npm run package` does (production bundle included), into `outDir`. */
export function packageExtension(outDir: string): string {
  const vsix = path.join(outDir, 'genesys-license-inspector.vsix');
  const result = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: findRepoRoot(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`packaging the extension failed:\n${result.stdout}${result.stderr}`);
  }
  return vsix;
}
