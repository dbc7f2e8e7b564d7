// Bundles the extension (Node, CommonJS, `vscode` external) and the batch form's webview (browser IIFE and CSS),
// and copies the codicon font and stylesheet the webview loads into dist/codicons.
// `--production` minifies and drops source maps; `--watch` rebuilds on change with problem-matcher output.
const fs = require('node:fs');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints `[watch] build started/finished` and `✘ [ERROR] …` lines the `$esbuild-watch` problem matcher reads. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

const targets = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // fetch-blob (under node-fetch) loads this stream polyfill only when Node lacks ReadableStream (< 16.5);
    // every VS Code has it, so bundling 60 KB that never runs would only slow activation.
    external: ['vscode', 'web-streams-polyfill', 'web-streams-polyfill/*'],
  },
  {
    // The batch-assignment form's page: one browser script (with the @vscode-elements components it uses) and
    // one stylesheet, both loaded by the panel's HTML under a CSP that allows no inline script or style.
    entryPoints: [
      { in: 'src/webview-ui/main.ts', out: 'webview' },
      { in: 'src/webview-ui/webview.css', out: 'webview' },
    ],
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    // VS Code 1.96 runs Electron 32 (Chromium 128).
    target: ['chrome120'],
  },
];

/** The codicon font and stylesheet, for the webview's `<link id="vscode-codicon-stylesheet">` and `<vscode-icon>`. */
function copyCodicons() {
  const from = 'node_modules/@vscode/codicons/dist';
  fs.mkdirSync('dist/codicons', { recursive: true });
  for (const file of ['codicon.css', 'codicon.ttf']) {
    fs.copyFileSync(`${from}/${file}`, `dist/codicons/${file}`);
  }
}

async function main() {
  if (production) {
    // A packaged build must not carry a stale source map from a development build.
    fs.rmSync('dist', { recursive: true, force: true });
  }
  copyCodicons();
  const contexts = await Promise.all(
    targets.map((target) =>
      esbuild.context({
        ...target,
        bundle: true,
        minify: production,
        sourcemap: !production,
        sourcesContent: false,
        legalComments: production ? 'none' : 'inline',
        logLevel: 'silent',
        plugins: [problemMatcherPlugin],
      }),
    ),
  );
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  try {
    for (const context of contexts) {
      const result = await context.rebuild();
      if (result.errors.length > 0) {
        process.exitCode = 1;
      }
    }
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
