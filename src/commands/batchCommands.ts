import * as vscode from 'vscode';
import type { ExplorerNode } from '../tree/nodes';
import type { BatchPrefill } from '../batch/draft';
import { BatchAssignmentPanel, type BatchPanelDependencies } from '../webview/batchPanel';
import { isUuid } from '../core/input';
import type { Registry } from './commandArguments';
import { CommandIds } from '../core/commandIds';

/** What tree rows give the form: user rows become users to add, a license row becomes the row's license. */
function prefillFromRows(rows: readonly ExplorerNode[]): BatchPrefill {
  const ids = rows.flatMap((row) => (row.copyableId ? [row.copyableId] : []));
  const users = ids.filter(isUuid);
  const licenseId = ids.find((id) => !isUuid(id));
  return { licenseId, userIdsAdd: users.length > 0 ? users : undefined };
}

/** What the wiring needs from the batch form outside its commands. */
export interface BatchForms {
  /** Takes back a form VS Code hands over after a window reload; its draft comes from the host's store. */
  revive(panel: vscode.WebviewPanel): void;
}

export function registerBatchCommands(registry: Registry, deps: BatchPanelDependencies): BatchForms {
  registry.register(CommandIds.openBatchAssignment, 'Open batch license assignment', (prefill?: BatchPrefill) => {
    BatchAssignmentPanel.show(deps, prefill && typeof prefill === 'object' && !('getTreeItem' in prefill) ? prefill : undefined);
  });
  // From the tree: the clicked row, or every selected row when several are selected.
  registry.register(CommandIds.addToBatch, 'Add to batch assignment', (row?: ExplorerNode, selection?: readonly ExplorerNode[]) => {
    const rows = selection && selection.length > 0 ? selection : row ? [row] : [];
    BatchAssignmentPanel.show(deps, prefillFromRows(rows));
  });
  return { revive: (panel) => BatchAssignmentPanel.revive(panel, deps) };
}
