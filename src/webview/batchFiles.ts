/** The batch request as a JSON file: saved as the exact request the API takes, loaded back into a draft. */
import * as vscode from 'vscode';
import { GenesysApiError, type LicenseBatchAssignmentRequest } from '../api';
import { type BatchDraft, draftFromRequest } from '../batch/draft';

const FILTERS = { JSON: ['json'] };

/** Asks where, writes the request; the file's path, or undefined when dismissed. */
export async function saveRequestFile(request: LicenseBatchAssignmentRequest): Promise<string | undefined> {
  const target = await vscode.window.showSaveDialog({
    title: 'Save the batch assignment request',
    filters: FILTERS,
    defaultUri: vscode.Uri.file('license-assignments.json'),
  });
  if (!target) {
    return undefined;
  }
  await vscode.workspace.fs.writeFile(target, Buffer.from(`${JSON.stringify(request, null, 2)}\n`, 'utf8'));
  return target.fsPath;
}

/** Asks which file, reads it as a draft; undefined when dismissed. A file that is not a request changes nothing. */
export async function loadDraftFile(newKey: () => string): Promise<BatchDraft | undefined> {
  const [source] = (await vscode.window.showOpenDialog({ title: 'Load a batch assignment request', filters: FILTERS, canSelectMany: false })) ?? [];
  if (!source) {
    return undefined;
  }
  const text = Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8');
  try {
    return draftFromRequest(JSON.parse(text), newKey);
  } catch (error) {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${source.fsPath} was not loaded: ${(error as Error).message}` });
  }
}
