// What the extension weighs and costs to load, beside the official SDK bundled the same way.
import { execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import * as fs from 'fs';
import * as path from 'path';
import { median } from './report';

export interface BundleFigures {
  bytes: number;
  /** Median `require` time over fresh processes. */
  loadMs: number;
  loadSamples: number[];
}

/**
 * Builds the extension for production with the project's own esbuild.js into `stageDir` (not the shared dist/,
 * which `npm run build` and other runs use), and makes `stageDir` an extension folder VS Code can load. The stage
 * mirrors the repository through links to everything but dist/, so esbuild.js, which works relative to its working
 * directory, reads what it reads in the repository and writes only the stage's own dist/. Returns the bundle's path.
 */
export function stageProductionExtension(repoRoot: string, stageDir: string): string {
  fs.mkdirSync(stageDir, { recursive: true });
  for (const entry of fs.readdirSync(repoRoot)) {
    if (entry !== 'dist') {
      fs.symlinkSync(path.join(repoRoot, entry), path.join(stageDir, entry));
    }
  }
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'esbuild.js'), '--production'], { cwd: stageDir, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the production build (esbuild.js --production) failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return path.join(stageDir, 'dist', 'extension.js');
}

/** The SDK's package entry bundled as an application would ship it: esbuild, platform node, minified. */
export async function bundleSdk(outfile: string): Promise<string> {
  await esbuild.build({
    entryPoints: [require.resolve('purecloud-platform-client-v2')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  });
  return outfile;
}

/**
 * Size and load time of each bundle; the loads alternate between the bundles, each in a fresh process.
 * `env` is for the loading processes (the SDK looks for a config file under HOME when it loads).
 */
export function measureBundles<Name extends string>(bundles: Record<Name, string>, samples: number, env: NodeJS.ProcessEnv): Record<Name, BundleFigures> {
  const names = Object.keys(bundles) as Name[];
  const loads = new Map<Name, number[]>(names.map((name) => [name, []]));
  const loadWorker = path.join(__dirname, 'loadWorker.js');
  for (let sample = 0; sample < samples; sample++) {
    for (const name of names) {
      const output = execFileSync(process.execPath, [loadWorker, bundles[name]], { env, encoding: 'utf8', timeout: 30_000 });
      loads.get(name)?.push((JSON.parse(output) as { loadMs: number }).loadMs);
    }
  }
  const figures = {} as Record<Name, BundleFigures>;
  for (const name of names) {
    const loadSamples = loads.get(name) ?? [];
    figures[name] = { bytes: fs.statSync(bundles[name]).size, loadMs: median(loadSamples), loadSamples };
  }
  return figures;
}

/** The extension's bundles that load after activation: each command family's, on its first command. */
export interface LazyBundleFigures {
  families: { name: string; bytes: number }[];
  /** Median time to `require` every lazily loaded bundle after activation's, in fresh processes. */
  loadAllMs: number;
}

export function measureLazyBundles(mainBundle: string, samples: number, env: NodeJS.ProcessEnv): LazyBundleFigures {
  const folder = path.join(path.dirname(mainBundle), 'families');
  const families = fs
    .readdirSync(folder)
    .filter((file) => file.endsWith('.js'))
    .map((file) => path.join(folder, file));
  const loadWorker = path.join(__dirname, 'loadWorker.js');
  const loads: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const output = execFileSync(process.execPath, [loadWorker, mainBundle, ...families], { env, encoding: 'utf8', timeout: 30_000 });
    loads.push((JSON.parse(output) as { thenMs: number }).thenMs);
  }
  return { families: families.map((file) => ({ name: path.basename(file, '.js'), bytes: fs.statSync(file).size })), loadAllMs: median(loads) };
}
