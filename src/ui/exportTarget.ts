import * as path from 'node:path';
import * as vscode from 'vscode';
import { GenesysApiError } from '../api';

/** The export target given as an argument: a `vscode.Uri` (or anything shaped like one), a URI string or a path. */
export function exportUri(target: unknown): vscode.Uri {
  if (typeof target === 'object' && target !== null && typeof (target as vscode.Uri).scheme === 'string') {
    return vscode.Uri.from(target as vscode.Uri);
  }
  if (typeof target === 'string' && target.trim() !== '') {
    // Two or more letters before "://" make a scheme; "C:\…" stays a Windows path.
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(target)) {
      return vscode.Uri.parse(target);
    }
    if (path.isAbsolute(target)) {
      return vscode.Uri.file(target);
    }
    // Relative to the workspace, never to the extension host's working directory, which the user cannot see.
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder) {
      return vscode.Uri.joinPath(folder, target);
    }
  }
  throw new GenesysApiError({
    kind: 'invalid-argument',
    message: `The export target must be an absolute path, a path in the workspace, or a URI (got ${JSON.stringify(target)}). Nothing was exported.`,
  });
}
