/**
 * The explorer's "Health" part: each License Health finding with its count, expanding to its users. It shows the
 * last complete check of this session (a cancelled or failed check leaves the previous one, with its time).
 */
import * as vscode from 'vscode';
import { CommandIds } from '../core/commandIds';
import { displayText, MAX_DESCRIPTION_LENGTH } from '../core/displayText';
import { FINDING_KINDS, findingSubject, fixSummary, type HealthFinding, type HealthFindingKind, type HealthReport } from '../core/licenseHealth';
import { distinguishers } from '../core/people';
import { count, ExplorerNode, RootNode } from './nodes';

/** The Health root: a row that runs the check until one completed, then one row per kind of finding. */
export class HealthRootNode extends RootNode {
  private current?: HealthReport;

  constructor(private readonly redraw: (node: ExplorerNode) => void) {
    super('health', 'Health', 'pulse');
  }

  get report(): HealthReport | undefined {
    return this.current;
  }

  /** Shows a complete report (the only kind there is: a check that did not finish gives none). */
  show(report: HealthReport): void {
    this.current = report;
    this.redraw(this);
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.rootItem();
    const report = this.current;
    item.description = report
      ? `${count(report.findings.length, 'finding')} · checked ${report.checkedAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
      : 'not checked yet';
    item.tooltip = 'License Health: seats held by inactive or idle users, redundant licenses, missing prerequisites, and holdings the roles do not explain.';
    item.contextValue = this.contextValue('healthRoot');
    return item;
  }

  override getChildren(): ExplorerNode[] {
    const report = this.current;
    if (!report) {
      return [new CommandRowNode(this, 'Check license health…', 'play', CommandIds.checkLicenseHealth)];
    }
    return FINDING_KINDS.map(({ kind, title }) => new HealthKindNode(this, report, kind, title));
  }
}

/** A row that runs a command when clicked. */
class CommandRowNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly label: string,
    private readonly icon: string,
    private readonly command: string,
  ) {
    super(parent);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.command = { command: this.command, title: this.label };
    item.contextValue = this.contextValue('message');
    return item;
  }
}

class HealthKindNode extends ExplorerNode {
  private readonly findings: HealthFinding[];
  private readonly unavailable?: string;

  constructor(
    parent: HealthRootNode,
    report: HealthReport,
    private readonly kind: HealthFindingKind,
    private readonly title: string,
  ) {
    super(parent);
    this.findings = report.findings.filter((finding) => finding.kind === kind);
    this.unavailable = report.unavailable.find((entry) => entry.kind === kind)?.why;
  }

  override get id(): string {
    return `health/${this.kind}`;
  }

  getTreeItem(): vscode.TreeItem {
    const users = new Set(this.findings.flatMap((finding) => finding.userIds)).size;
    const state =
      this.unavailable !== undefined || this.findings.length === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(this.title, state);
    item.id = this.id;
    if (this.unavailable !== undefined) {
      item.description = `not checked: ${this.unavailable}`;
      item.tooltip = `${this.title}: not checked, ${this.unavailable}.`;
      item.iconPath = new vscode.ThemeIcon('warning');
    } else {
      item.description = this.findings.length === 0 ? 'none' : `${count(users, 'user')} · ${count(this.findings.length, 'finding')}`;
      item.iconPath = new vscode.ThemeIcon(this.findings.length === 0 ? 'pass' : 'issues');
    }
    item.contextValue = this.contextValue('healthKind');
    return item;
  }

  override getChildren(): ExplorerNode[] {
    return this.findings.map((finding) => new HealthFindingNode(this, finding, this.id));
  }
}

/** One finding: its license (and the license it concerns), its users, and the fix the context menu opens in the batch form. */
export class HealthFindingNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly finding: HealthFinding,
    private readonly path: string,
  ) {
    super(parent);
  }

  override get id(): string {
    return `${this.path}/${this.finding.id}`;
  }

  override get json(): unknown {
    return this.finding;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(findingSubject(this.finding), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = count(this.finding.userIds.length, 'user');
    item.tooltip = `${findingSubject(this.finding)}: ${count(this.finding.userIds.length, 'user')}.\nFix (right-click, Fix in Batch Form): ${fixSummary(this.finding)}.`;
    // A finding is about a license: the definitions' own icon, so the two lists read alike.
    item.iconPath = new vscode.ThemeIcon('law');
    item.contextValue = this.contextValue('healthFinding');
    return item;
  }

  override getChildren(): ExplorerNode[] {
    const report = (this.parent?.parent as HealthRootNode | undefined)?.report;
    const people = this.finding.userIds.map((id) => ({ id, ...report?.users.get(id) }));
    const told = distinguishers(people);
    return people.map((person) => new HealthUserNode(this, person, told.get(person.id), `${this.id}/${person.id}`));
  }
}

class HealthUserNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly user: { id: string; name?: string; email?: string; state?: string; dateLastLogin?: string },
    private readonly distinguisher: string | undefined,
    private readonly path: string,
  ) {
    super(parent);
  }

  override get id(): string {
    return this.path;
  }

  override get copyableId(): string {
    return this.user.id;
  }

  getTreeItem(): vscode.TreeItem {
    const name = this.user.name ? displayText(this.user.name) : '';
    const item = new vscode.TreeItem(name || this.user.id, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const told = this.distinguisher ? `${displayText(this.distinguisher, MAX_DESCRIPTION_LENGTH)} · ` : '';
    const login = this.user.dateLastLogin ? `last login ${this.user.dateLastLogin.slice(0, 10)}` : 'never logged in';
    item.description = `${told}${displayText(this.user.state ?? 'active')}, ${login}`;
    // Plain text, never Markdown: the name and email are the org's.
    item.tooltip = [this.user.name, this.user.email, this.user.id].filter(Boolean).join('\n');
    item.iconPath = new vscode.ThemeIcon('person');
    item.contextValue = this.contextValue('healthUser');
    return item;
  }
}
