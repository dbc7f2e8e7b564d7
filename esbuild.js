// Bundles the extension (Node, CommonJS, `vscode` external) and the batch form's webview (browser IIFE and CSS),
// and copies the codicon font and stylesheet the webview loads into dist/codicons.
// `--production` minifies and drops source maps; `--watch` rebuilds on change with problem-matcher output.
//
// The extension is split so that activation loads only what it runs (docs/architecture.md, "What loads when"):
// - dist/extension.js: activation (sessions, the explorer, the command wrapper) and every module the families share;
// - dist/families/<family>.js: a command family's own code, loaded when one of its commands first runs
//   (src/extension.ts `loadFamily`, the same names as `LazyCommandFamilies` in src/core/commandIds.ts).
// Every module lives in exactly one bundle. A family takes what it shares with activation from dist/extension.js's
// `familyModules` export instead of carrying a copy, so a class such as GenesysApiError is one class everywhere
// (`instanceof` holds across bundles). A module two families use moves into dist/extension.js. The build checks this.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const LAZY_FAMILIES = {
  userLicenses: 'src/commands/userLicenseCommands.ts',
  definitions: 'src/commands/definitionCommands.ts',
  toggles: 'src/commands/toggleCommands.ts',
  organization: 'src/commands/organizationCommands.ts',
  why: 'src/commands/whyCommands.ts',
  health: 'src/commands/healthCommands.ts',
  snapshots: 'src/commands/snapshotCommands.ts',
  batch: 'src/commands/batchCommands.ts',
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'silent',
};

const nodeOptions = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // `import('node:http')` (src/api/nodeFetch.ts) becomes `require`, as tsc compiles it: the module object VS Code's
  // proxy support patches, not an ES namespace that may hold the functions as they were before.
  supported: { 'dynamic-import': false },
};

/** A repository-relative path with forward slashes: the metafile's names for modules. */
function moduleName(file) {
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

/**
 * The module graph under `entry` as esbuild's metafile gives it (nothing written), and the entry's name in it (which
 * differs from `entry` when the folder is reached through a symbolic link, as the benchmark's staging does).
 */
async function graphOf(entry) {
  const result = await esbuild.build({
    ...nodeOptions,
    minify: false,
    sourcemap: false,
    entryPoints: [entry],
    outfile: 'dist/graph.js',
    write: false,
    metafile: true,
  });
  return { graph: result.metafile.inputs, entry: result.metafile.outputs['dist/graph.js'].entryPoint };
}

/** The modules reachable from `from` in `graph` without entering `stop`. */
function reachable(from, graph, stop) {
  const found = new Set();
  const pending = [from];
  while (pending.length > 0) {
    const file = pending.pop();
    if (found.has(file) || stop.has(file)) {
      continue;
    }
    found.add(file);
    for (const imported of graph[file]?.imports ?? []) {
      if (!imported.external) {
        pending.push(imported.path);
      }
    }
  }
  return found;
}

/**
 * Which modules dist/extension.js holds (what activation imports, plus anything two families share, with what that
 * imports), which of them the families import (`exposed`), and each family's own modules.
 */
async function planSplit() {
  const activation = new Set(Object.keys((await graphOf('src/extension.ts')).graph));
  const families = Object.fromEntries(await Promise.all(Object.entries(LAZY_FAMILIES).map(async ([family, entry]) => [family, await graphOf(entry)])));
  const everyGraph = Object.assign({}, ...Object.values(families).map(({ graph }) => graph));
  for (const [family, { entry }] of Object.entries(families)) {
    if (activation.has(entry)) {
      throw new Error(`${entry} (the ${family} family) is imported at activation: import only its types there, so it loads on first use.`);
    }
  }
  const main = new Set(activation);
  let own;
  for (;;) {
    own = Object.fromEntries(Object.entries(families).map(([family, { graph, entry }]) => [family, reachable(entry, graph, main)]));
    const holders = new Map();
    for (const modules of Object.values(own)) {
      modules.forEach((module) => holders.set(module, (holders.get(module) ?? 0) + 1));
    }
    const shared = [...holders].filter(([, count]) => count > 1).map(([module]) => module);
    if (shared.length === 0) {
      break;
    }
    shared.forEach((module) => reachable(module, everyGraph, main).forEach((moved) => main.add(moved)));
  }
  const exposed = new Set();
  for (const [family, modules] of Object.entries(own)) {
    for (const module of modules) {
      for (const imported of families[family].graph[module].imports) {
        if (!imported.external && main.has(imported.path)) {
          exposed.add(imported.path);
        }
      }
    }
  }
  return { main, exposed: [...exposed].sort(), own };
}

/** dist/extension.js's entry: the extension's exports, and the modules the families take from it. */
function mainEntry(exposed) {
  return [
    "export { activate, deactivate } from './src/extension';",
    ...exposed.map((module, index) => `import * as shared${index} from './${module}';`),
    `export const familyModules = { ${exposed.map((module, index) => `${JSON.stringify(module)}: shared${index}`).join(', ')} };`,
  ].join('\n');
}

/** In a family's bundle, an import of a module dist/extension.js holds becomes a lookup in its `familyModules`. */
function fromMainBundle(exposed) {
  const names = new Set(exposed);
  return {
    name: 'from-main-bundle',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/extension\.js$/, namespace: 'main-bundle' }, () => ({ path: '../extension.js', external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.namespace !== 'file' || args.pluginData?.resolving) {
          return undefined;
        }
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: { resolving: true },
        });
        if (resolved.errors.length > 0 || resolved.external || !names.has(moduleName(resolved.path))) {
          return undefined;
        }
        return { path: moduleName(resolved.path), namespace: 'main-bundle' };
      });
      build.onLoad({ filter: /.*/, namespace: 'main-bundle' }, (args) => ({
        contents: `module.exports = require('../extension.js').familyModules[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** Fails the build when a module ended up in two bundles: its classes would then exist twice. */
function checkEachModuleOnce(bundles) {
  const holders = new Map();
  for (const [bundle, inputs] of Object.entries(bundles)) {
    for (const module of Object.keys(inputs).filter((name) => !name.startsWith('main-bundle:') && name !== '<stdin>')) {
      holders.set(module, [...(holders.get(module) ?? []), bundle]);
    }
  }
  const twice = [...holders].filter(([, bundleNames]) => bundleNames.length > 1);
  if (twice.length > 0) {
    throw new Error(`modules bundled more than once: ${twice.map(([module, bundleNames]) => `${module} (${bundleNames.join(', ')})`).join('; ')}`);
  }
}

async function buildExtension() {
  const plan = await planSplit();
  const [main, families] = await Promise.all([
    esbuild.build({
      ...nodeOptions,
      stdin: { contents: mainEntry(plan.exposed), resolveDir: process.cwd(), sourcefile: 'src/extension-bundle.js', loader: 'js' },
      outfile: 'dist/extension.js',
      metafile: true,
    }),
    esbuild.build({
      ...nodeOptions,
      entryPoints: LAZY_FAMILIES,
      outdir: 'dist/families',
      metafile: true,
      plugins: [fromMainBundle(plan.exposed)],
    }),
  ]);
  const familyInputs = Object.fromEntries(
    Object.entries(families.metafile.outputs)
      .filter(([, output]) => output.entryPoint)
      .map(([file, output]) => [file, output.inputs]),
  );
  checkEachModuleOnce({ 'dist/extension.js': main.metafile.inputs, ...familyInputs });
}

/** The batch-assignment form's page: one browser script and one stylesheet, loaded under a CSP without inline code. */
const webviewOptions = {
  ...common,
  entryPoints: [
    { in: 'src/webview-ui/main.ts', out: 'webview' },
    { in: 'src/webview-ui/webview.css', out: 'webview' },
  ],
  outdir: 'dist',
  platform: 'browser',
  format: 'iife',
  // VS Code 1.96 runs Electron 32 (Chromium 128).
  target: ['chrome120'],
};

/** The codicon font and stylesheet, for the webview's `<link id="vscode-codicon-stylesheet">` and `<vscode-icon>`. */
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(`${from}/${file}`, `dist/codicons/${file}`);
  }
}

/** Prints a failed build as `✘ [ERROR] …` lines, which the `$esbuild-watch` problem matcher reads. */
function printErrors(error) {
  for (const { text, location } of error.errors ?? [{ text: error.message }]) {
    console.error(`✘ [ERROR] ${text}`);
    if (location) {
      console.error(`    ${location.file}:${location.line}:${location.column}:`);
    }
  }
}

/** Rebuilds everything whenever a file under any entry changes, with the `[watch]` lines the problem matcher reads. */
async function watchAll() {
  const rebuildAll = {
    name: 'rebuild-all',
    setup(build) {
      build.onStart(() => console.log('[watch] build started'));
      build.onEnd(async () => {
        await Promise.all([buildExtension(), esbuild.build(webviewOptions)]).catch(printErrors);
        console.log('[watch] build finished');
      });
    },
  };
  // Only watches: its own output is not written; the plugin's builds write dist/.
  const watcher = await esbuild.context({
    ...nodeOptions,
    entryPoints: ['src/extension.ts', ...Object.values(LAZY_FAMILIES), 'src/webview-ui/main.ts', 'src/webview-ui/webview.css'],
    outdir: 'dist/watch',
    write: false,
    plugins: [rebuildAll],
  });
  await watcher.watch();
}

async function main() {
  // A stale family or a source map from another build must not ship or load.
  for (const stale of production ? ['dist'] : ['dist/families']) {
    fs.rmSync(stale, { recursive: true, force: true });
  }
  copyCodicons();
  if (watch) {
    await watchAll();
    return;
  }
  try {
    await Promise.all([buildExtension(), esbuild.build(webviewOptions)]);
  } catch (error) {
    printErrors(error);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
