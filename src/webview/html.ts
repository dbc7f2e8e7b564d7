/**
 * The batch form's page. Pure (no vscode), so the webview tests load exactly what the host serves. Only the script
 * carrying this render's nonce runs; styles and fonts come only from the extension's own files.
 */
/** Every render gets its own unguessable nonce; only scripts carrying it run. */
export function createNonce(): string {
  // base64url: valid in a CSP nonce, and free of characters that need escaping anywhere it is used.
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(18))).toString('base64url');
}

export function batchFormHtml(page: { cspSource: string; nonce: string; asset: (...pathInDist: string[]) => string }): string {
  const csp = [
    `default-src 'none'`,
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
    `script-src 'nonce-${page.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${page.asset('codicons', 'codicon.css')}">
<link rel="stylesheet" href="${page.asset('webview.css')}">
<title>Batch License Assignment</title></head>
<body><main id="app" aria-busy="true"></main>
<script nonce="${page.nonce}" src="${page.asset('webview.js')}"></script></body></html>`;
}
