import { spawnSync } from 'child_process';
import * as path from 'path';
import { findRepoRoot } from './setup';

/**
 * Builds the .vsix exactly as `npm run package` does (production bundle included), into `outDir`; or, given
 * `folder`, the test-only extension in it (no repository or licence of its own).
 */
export function packageExtension(outDir: string, folder?: string): string {
  const repoRoot = findRepoRoot();
  const vsix = path.join(outDir, `${folder ? path.basename(folder) : 'genesys-license-inspector'}.vsix`);
  const testOnly = folder ? ['--allow-missing-repository', '--skip-license'] : [];
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  const result = spawnSync(vsce, ['package', '--no-dependencies', ...testOnly, '--out', vsix], {
    cwd: folder ?? repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`packaging the extension failed:\n${result.stdout}${result.stderr}`);
  }
  return vsix;
}
