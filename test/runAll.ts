// `npm test` (after the build): the plain-Node tests (out/test/node), the suite inside a real VS Code
// (runHostTests), the UI tests in Chromium (out/test/ui), and one closing `N passed, N failed` line over all.
import * as path from 'path';
import Mocha from 'mocha';
import { runHostTests } from './host/runHostTests';
import { ensureVsCodeHost } from './host/setup';
import { findTestFiles } from './vscode/index';

interface LayerResult {
  passed: number;
  failed: number;
}

/** Runs every *.test.js under out/test/<folder> in this Node process. */
function runMochaLayer(folder: string, timeout: number): () => Promise<LayerResult> {
  return async () => {
    const dir = path.join(__dirname, folder);
    const files = findTestFiles(dir);
    if (files.length === 0) {
      console.log(`no *.test.js files under ${dir}`);
      return { passed: 0, failed: 0 };
    }
    const mocha = new Mocha({ ui: 'bdd', timeout, reporter: 'spec' });
    for (const file of files) {
      mocha.addFile(file);
    }
    return new Promise((resolve, reject) => {
      const runner = mocha.run(() =>
        runner.stats ? resolve({ passed: runner.stats.passes, failed: runner.stats.failures }) : reject(new Error('mocha reported no statistics')),
      );
    });
  };
}

async function runHostLayer(): Promise<LayerResult> {
  const result = await runHostTests();
  if (result.exitCode !== 0 && result.failed === 0) {
    throw new Error(`the suite exited with code ${result.exitCode} without reporting a failed test`);
  }
  return result;
}

/** Runs one layer; a layer that crashes (or cannot start) counts as one failure, never as a pass. */
async function runLayer(title: string, layer: () => Promise<LayerResult>): Promise<LayerResult> {
  console.log(`\n=== ${title} ===`);
  try {
    return await layer();
  } catch (error) {
    console.error(`${title} crashed: ${(error as Error).message}`);
    return { passed: 0, failed: 1 };
  }
}

async function main(): Promise<void> {
  const layers = [
    // First, so every layer finds Chromium and the VS Code server (the form's browser tests are in out/test/node).
    await runLayer('VS Code host and Chromium set-up', async () => {
      await ensureVsCodeHost();
      return { passed: 0, failed: 0 };
    }),
    await runLayer('Node tests (out/test/node)', runMochaLayer('node', 20_000)),
    await runLayer('VS Code extension host tests (out/test/vscode)', runHostLayer),
    // What a person sees: the packaged extension in the VS Code server, driven through Chromium.
    await runLayer('UI tests in Chromium (out/test/ui)', runMochaLayer('ui', 120_000)),
  ];
  const passed = layers.reduce((sum, layer) => sum + layer.passed, 0);
  const failed = layers.reduce((sum, layer) => sum + layer.failed, 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

void main();
