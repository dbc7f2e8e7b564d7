/**
 * The batch-assignment form's script, bundled by esbuild into dist/webview.js (a browser IIFE) and loaded by the
 * panel's HTML under a strict CSP with a nonce. It registers the vscode-elements it uses and starts the form.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import { BatchForm } from './app';
import type { VsCodeApi } from './viewState';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
new BatchForm(root, acquireVsCodeApi(), window).start();
