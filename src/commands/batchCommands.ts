import * as vscode from 'vscode';
import type { ExplorerNode } from '../tree/nodes';
import { BATCH_VIEW_TYPE } from '../webview/protocol';
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

export function registerBatchCommands(registry: Registry, deps: BatchPanelDependencies): vscode.Disposable {
  registry.register(CommandIds.openBatchAssignment, 'Open batch license assignment', (prefill?: BatchPrefill) => {
    BatchAssignmentPanel.show(deps, prefill && typeof prefill === 'object' && !('getTreeItem' in prefill) ? prefill : undefined);
  });
  // From the tree: the clicked row, or every selected row when several are selected.
  registry.register(CommandIds.addToBatch, 'Add to batch assignment', (row?: ExplorerNode, selection?: readonly ExplorerNode[]) => {
    const rows = selection && selection.length > 0 ? selection : row ? [row] : [];
    BatchAssignmentPanel.show(deps, prefillFromRows(rows));
  });
  // After a window reload VS Code hands the open panel back; its draft comes from the host's store.
  return vscode.window.registerWebviewPanelSerializer(BATCH_VIEW_TYPE, {
    deserializeWebviewPanel: (panel) => {
      BatchAssignmentPanel.revive(panel, deps);
      return Promise.resolve();
    },
  });
}
