import * as vscode from 'vscode';
import type { LicenseDefinition } from '../api';
import { displayText, MAX_DESCRIPTION_LENGTH } from '../core/displayText';
import { count, ExplorerNode, TextNode, RootNode, AnsweredNode } from './nodes';
import type { OrgData } from './orgData';
import { CommandIds } from '../core/commandIds';

/** Plain text, never Markdown: the description and IDs are the org's, and a hover must not render their links or images. */
function definitionTooltip(definition: LicenseDefinition, holders: number | undefined): string {
  const lines = [definition.id ?? '(no ID)', '', definition.description ?? 'No description.', ''];
  if (holders !== undefined) {
    lines.push(`Held by: ${count(holders, 'user')}`);
  }
  lines.push(`Permissions: ${definition.permissions?.ids?.length ?? 0}`);
  if (definition.prerequisites?.length) {
    lines.push(`Prerequisites: ${definition.prerequisites.map((prerequisite) => prerequisite.id).join(', ')}`);
  }
  if (definition.comprises?.length) {
    lines.push(`Comprises: ${definition.comprises.map((part) => part.id).join(', ')}`);
  }
  return lines.join('\n');
}

/** Opens the definition's details; used by every row that stands for a license. */
export function showDefinitionCommand(licenseId: string | undefined): vscode.Command | undefined {
  return licenseId ? { command: CommandIds.showDefinition, title: 'Show License Definition', arguments: [licenseId] } : undefined;
}

/** "License definitions": every license the org can hold, with how many users hold each once they are counted. */
export class DefinitionsRootNode extends RootNode {
  constructor(private readonly data: OrgData) {
    super('definitions', 'License definitions', 'symbol-class', true);
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.rootItem();
    item.contextValue = this.contextValue('definitionsRoot', 'refreshable');
    const { done, progress } = this.data.assignmentsProgress;
    if (!done && progress && progress.pageCount > 1) {
      item.description = `counting holders… ${Math.floor((progress.pagesLoaded / progress.pageCount) * 100)}%`;
    } else if (!this.data.freshness.live) {
      item.description = `as of ${this.data.freshness.asOf.toLocaleString()}`;
      item.tooltip = 'The last known state, kept from an earlier window; live data replaces it when the background refresh ends.';
    }
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const definitions = [...(await this.data.definitionsById()).values()].sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
    if (definitions.length === 0) {
      return [new TextNode(this, 'This organization has no license definitions.')];
    }
    // Counting needs every user's licenses: it runs behind the list, which redraws with the counts when they come.
    this.data.assignments().catch(() => undefined); // its failure shows under "Organization assignments"
    const assignments = await this.data.knownAssignments();
    return definitions.map(
      (definition) =>
        new DefinitionNode(
          this,
          definition,
          `definitions/${definition.id}`,
          assignments?.licenses[definition.id as string]?.length ?? (assignments ? 0 : undefined),
        ),
    );
  }

  override invalidate(): void {
    this.data.forgetDefinitions();
    this.data.forgetAssignments();
  }
}

/** One license definition; its children are its permissions, prerequisites and the licenses it comprises. */
export class DefinitionNode extends AnsweredNode<LicenseDefinition> {
  constructor(
    parent: ExplorerNode,
    readonly definition: LicenseDefinition,
    private readonly path: string,
    private readonly holders?: number,
  ) {
    super(parent, definition, path, definition.id);
  }

  getTreeItem(): vscode.TreeItem {
    const hasChildren =
      (this.definition.permissions?.ids?.length ?? 0) + (this.definition.prerequisites?.length ?? 0) + (this.definition.comprises?.length ?? 0) > 0;
    const item = new vscode.TreeItem(
      displayText(this.definition.id ?? '') || '(no ID)',
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const description = displayText(this.definition.description ?? '', MAX_DESCRIPTION_LENGTH);
    item.description = this.holders === undefined ? description : `${count(this.holders, 'user')} · ${description}`;
    item.tooltip = definitionTooltip(this.definition, this.holders);
    item.iconPath = new vscode.ThemeIcon('law');
    item.contextValue = this.contextValue('definition', 'hasJson', 'hasDetails');
    item.command = showDefinitionCommand(this.definition.id);
    return item;
  }

  override getChildren(): ExplorerNode[] {
    const { permissions, prerequisites, comprises } = this.definition;
    const groups: ExplorerNode[] = [];
    if (permissions?.ids?.length) {
      groups.push(
        new GroupNode(this, `${this.path}/permissions`, 'Permissions', 'shield', permissions.ids.length, (group) =>
          [...permissions.ids].sort().map((permission) => new TextNode(group, permission, 'key', permission)),
        ),
      );
    }
    if (prerequisites?.length) {
      groups.push(
        new GroupNode(this, `${this.path}/prerequisites`, 'Prerequisites', 'arrow-circle-up', prerequisites.length, (group) =>
          prerequisites.map((prerequisite) => new LicenseLeafNode(group, prerequisite.id ?? '(no ID)')),
        ),
      );
    }
    if (comprises?.length) {
      groups.push(
        new GroupNode(this, `${this.path}/comprises`, 'Comprises', 'package', comprises.length, (group) =>
          comprises.map((part) => new DefinitionNode(group, part, `${this.path}/comprises/${part.id}`)),
        ),
      );
    }
    return groups;
  }
}

/** A labelled group of children with their count ("Permissions 12"). */
class GroupNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly path: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly size: number,
    private readonly children: (group: GroupNode) => ExplorerNode[],
  ) {
    super(parent);
  }

  override get id(): string {
    return this.path;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = String(this.size);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = this.contextValue('group');
    return item;
  }

  override getChildren(): ExplorerNode[] {
    return this.children(this);
  }
}

/** A reference to a license (a user's, a prerequisite); it leads to the definition's details. */
export class LicenseLeafNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly licenseId: string,
    private readonly description?: string,
  ) {
    super(parent);
  }

  override get copyableId(): string {
    return this.licenseId;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(displayText(this.licenseId) || '(no ID)', vscode.TreeItemCollapsibleState.None);
    item.description = this.description === undefined ? undefined : displayText(this.description, MAX_DESCRIPTION_LENGTH);
    item.tooltip = [this.licenseId, this.description].filter(Boolean).join('\n');
    item.iconPath = new vscode.ThemeIcon('law');
    item.contextValue = this.contextValue('license', 'hasDetails');
    item.command = showDefinitionCommand(this.licenseId);
    return item;
  }
}
