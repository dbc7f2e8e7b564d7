import * as vscode from 'vscode';
import type { LicenseOrgToggle } from '../api';
import type { ToggleHistory } from '../state/toggleHistory';
import { displayText } from '../core/displayText';
import { ExplorerNode, TextNode, RootNode, AnsweredNode } from './nodes';
import type { OrgData } from './orgData';

const DEPRECATION = 'Genesys has deprecated license toggles: reads always answer enabled and flips change nothing on real orgs.';

/** "Feature toggles": the toggles looked up in this org, each with its state as the API answers it now. */
export class TogglesRootNode extends RootNode {
  constructor(
    private readonly data: OrgData,
    private readonly history: ToggleHistory,
    private readonly connectionId: string,
  ) {
    super('toggles', 'Feature toggles', 'settings');
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.rootItem();
    item.description = 'deprecated by Genesys';
    item.tooltip = DEPRECATION;
    item.contextValue = this.contextValue('togglesRoot', 'refreshable');
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const names = this.history.names(this.connectionId);
    if (names.length === 0) {
      return [new TextNode(this, 'No toggle looked up yet: run "Get License Toggle…".')];
    }
    const toggles = await Promise.all(names.map((name) => this.data.client.getToggle(name)));
    return toggles.map((toggle, index) => new ToggleNode(this, { ...toggle, featureName: toggle.featureName ?? names[index] }));
  }
}

export class ToggleNode extends AnsweredNode<LicenseOrgToggle> {
  constructor(
    parent: ExplorerNode,
    readonly toggle: LicenseOrgToggle,
  ) {
    super(parent, toggle, `toggles/${toggle.featureName}`, toggle.featureName);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(displayText(this.toggle.featureName ?? '') || '(no name)', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.toggle.enabled ? 'enabled' : 'disabled';
    item.tooltip = `${this.toggle.featureName}: ${item.description}. ${DEPRECATION}`;
    item.iconPath = new vscode.ThemeIcon(this.toggle.enabled ? 'pass-filled' : 'circle-large-outline');
    item.contextValue = this.contextValue('toggle', 'hasJson');
    item.accessibilityInformation = { label: `Feature toggle ${this.toggle.featureName}, ${item.description}, deprecated by Genesys` };
    return item;
  }
}
