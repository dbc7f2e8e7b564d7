import * as vscode from 'vscode';
import type { UserLicenseIds } from '../api';
import { LicenseLeafNode } from './licenseNodes';
import { displayText, MAX_DESCRIPTION_LENGTH } from '../core/displayText';
import { count, ExplorerNode, LoadMoreNode, TextNode, type Pager, RootNode } from './nodes';
import type { OrgData } from './orgData';
import { isUuid } from '../core/input';
import { type EveryName, findPeople } from '../core/userSearch';
import { Pager as ListPager } from '../core/pager';
import { distinguishers } from '../core/people';

/** Rows shown at once from a list already in memory (filter results, a license's holders). */
export const IN_MEMORY_PAGE = 200;

/** How the Users node reports a filter's outcome to the view ("12 of 20 000 users match"). */
export interface FilterOutcome {
  filter: string;
  matches: number;
  /** Users whose names were read; undefined when the directory's search did the looking. */
  searched?: number;
  namesReadable: boolean;
  /** Why every user was read instead of searching: for the log. */
  fallback?: string;
  /** The directory matched more users than were read (a broad filter). */
  moreThanShown?: number;
}

/** "Users": the paged users listing, or the users matching the filter. */
export class UsersRootNode extends RootNode implements Pager {
  private matches: UserLicenseIds[] = [];
  private readonly shownMatches = ListPager.overList(() => this.matches, IN_MEMORY_PAGE);

  constructor(
    private readonly data: OrgData,
    private readonly filter: () => string | undefined,
    private readonly onFiltered: (outcome: FilterOutcome | undefined) => void,
  ) {
    super('users', 'Users', 'person');
  }

  getTreeItem(): vscode.TreeItem {
    const item = this.rootItem();
    const filter = this.filter();
    if (filter) {
      item.description = `filtered: “${filter}”`;
      item.collapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    } else if (this.data.users.total !== undefined) {
      item.description = `${this.data.users.items.length.toLocaleString('en-US')} of ${count(this.data.users.total, 'user')}`;
    }
    if (this.data.namesMissing) {
      // Otherwise a person sees IDs where names were and cannot tell why.
      item.description = [item.description, 'IDs only'].filter(Boolean).join(' · ');
      item.tooltip = `Users are listed by ID, not by name: ${this.data.namesMissing} (the org refused GET /api/v2/users). Sign in with a role that has it, then Refresh.`;
    }
    item.contextValue = this.contextValue('usersRoot', 'refreshable', ...(this.data.users.hasMore ? ['canLoadAll'] : []));
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const filter = this.filter();
    if (filter) {
      return this.filteredChildren(filter);
    }
    this.onFiltered(undefined);
    const users = this.data.users;
    await users.ensureLoaded();
    if (users.items.length === 0) {
      return [new TextNode(this, 'This organization has no users.')];
    }
    const rows: ExplorerNode[] = userRows(this, users.items, this.data);
    if (users.hasMore) {
      rows.push(new LoadMoreNode(this, 'users', users.remaining));
    }
    return rows;
  }

  /**
   * A full user ID is looked up directly (one request). Anything else asks the directory's search, then the found
   * users' licenses (two requests); only when the search is refused or finds no one does it read every user's name,
   * because a folded spelling ("yilmaz" for "Yılmaz") may be missed by the directory and never by our matching.
   */
  private async filteredChildren(filter: string): Promise<ExplorerNode[]> {
    let matches: UserLicenseIds[];
    const typed = filter.trim();
    let outcome: FilterOutcome;
    if (isUuid(typed)) {
      matches = (await this.data.client.fetchUsersLicenses([typed.toLowerCase()], { signal: this.data.signal })).users;
      await this.data.loadNames(matches.map((user) => user.id));
      outcome = { filter, matches: matches.length, searched: 1, namesReadable: this.data.namesReadable };
    } else {
      const found = await findPeople(this.data.client, typed, this.data.signal, () => this.everyName(), {
        searchRefused: this.data.namesMissing,
      });
      if (found.via === 'search') {
        this.data.rememberNames(found.people);
        matches = (
          await this.data.client.fetchUsersLicenses(
            found.people.map((person) => person.id),
            { signal: this.data.signal },
          )
        ).users;
        outcome = { filter, matches: matches.length, namesReadable: true, moreThanShown: found.complete ? undefined : found.total };
      } else {
        const matched = new Set(found.people.map((person) => person.id));
        matches = this.data.users.items.filter((user) => matched.has(user.id));
        outcome = { filter, matches: matches.length, searched: found.read, namesReadable: this.data.namesReadable, fallback: found.why };
      }
    }
    this.onFiltered(outcome);
    if (matches.length === 0) {
      return [new TextNode(this, `No user matches “${filter}”.`, 'search-stop')];
    }
    // The matches are found again at each expansion; as many of them stay shown as were before.
    this.matches = matches;
    this.shownMatches.refill();
    await this.shownMatches.ensureLoaded();
    const rows: ExplorerNode[] = userRows(this, this.shownMatches.items, this.data);
    if (this.shownMatches.hasMore) {
      rows.push(new LoadMoreNode(this, 'users/filtered', this.shownMatches.remaining));
    }
    return rows;
  }

  /** The filter's fallback: every user (kept for the listing) and their names, read through the org's data. */
  private async everyName(): Promise<EveryName> {
    await this.data.loadAllUsers();
    await this.data.loadNames(this.data.users.items.map((user) => user.id));
    return {
      people: this.data.users.items.map((user) => ({ ...this.data.nameOf(user.id), id: user.id })),
      namesMissing: this.data.namesMissing,
    };
  }

  async loadMore(): Promise<void> {
    await (this.filter() ? this.shownMatches : this.data.users).loadMore();
  }

  /** Everything at once, with progress; used by "Load All Users". */
  loadAll(onProgress: Parameters<OrgData['loadAllUsers']>[0], signal?: AbortSignal): Promise<void> {
    return this.data.loadAllUsers(onProgress, signal);
  }

  /** A new filter starts from its first page of matches. */
  resetPaging(): void {
    this.shownMatches.reset();
  }

  override invalidate(): void {
    this.data.forgetUsers();
    this.resetPaging();
  }
}

/**
 * Rows for `users` under `parent` (the users listing, a filter's matches, a license's holders); namesakes among them
 * carry what tells them apart (email or the start of the ID).
 */
export function userRows(parent: ExplorerNode, users: readonly UserLicenseIds[], data: OrgData): UserNode[] {
  const told = distinguishers(users.map((user) => ({ ...data.nameOf(user.id), id: user.id })));
  return users.map((user) => new UserNode(parent, user, data, told.get(user.id)));
}

/** One user (by name when the org lets us read it) and, below, the licenses they hold. */
export class UserNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly user: UserLicenseIds,
    private readonly data: OrgData,
    /** What tells this user from a namesake in the same list (email or ID start); the org's text, shown plain. */
    private readonly distinguisher?: string,
  ) {
    super(parent);
  }

  override get copyableId(): string {
    return this.user.id;
  }

  override get json(): unknown {
    const directory = this.data.nameOf(this.user.id);
    return { id: this.user.id, name: directory?.name, email: directory?.email, licenses: this.user.licenses };
  }

  override get id(): string {
    return `${this.parent?.id ?? 'users'}/${this.user.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const held = this.user.licenses.length;
    const directory = this.data.nameOf(this.user.id);
    const name = directory?.name ? displayText(directory.name) : undefined;
    const item = new vscode.TreeItem(name || this.user.id, held > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const told = this.distinguisher ? ` · ${displayText(this.distinguisher, MAX_DESCRIPTION_LENGTH)}` : '';
    item.description = `${count(held, 'license')}${told}`;
    // Plain text, never Markdown: the name and email are the org's, and a hover must not render their links or images.
    item.tooltip = [
      name ?? '',
      directory?.email ? displayText(directory.email) : '',
      `ID: ${this.user.id}`,
      held > 0 ? `Licenses: ${this.user.licenses.join(', ')}` : 'No license',
    ]
      .filter(Boolean)
      .join('\n');
    item.iconPath = new vscode.ThemeIcon(held > 0 ? 'person' : 'circle-slash');
    item.contextValue = this.contextValue('user', 'hasJson', 'hasDetails');
    item.accessibilityInformation = {
      label: `${name || `User ${this.user.id}`}${told ? `, ${displayText(this.distinguisher as string, MAX_DESCRIPTION_LENGTH)}` : ''}, ${count(held, 'license')}`,
    };
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const definitions = await this.data.definitionsById().catch(() => undefined); // descriptions are a nicety here
    return [...this.user.licenses].sort().map((licenseId) => new LicenseLeafNode(this, licenseId, definitions?.get(licenseId)?.description));
  }
}
