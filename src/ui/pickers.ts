import * as os from 'node:os';
import * as vscode from 'vscode';
import type { AuthorizationRole, LicenseClient, LicenseDefinition } from '../api';
import { count } from '../core/markdown';
import type { DefinitionCatalog } from '../core/licenseReports';
import { describeParsedIds, type ExportFormat, isUuid, parseIdList } from '../core/input';
import { fileSafeName } from '../core/snapshot';
import { readPeople } from '../core/orgLookups';
import { distinguishers, type Person } from '../core/people';
import { matchesUserFilter } from '../core/userFilter';
import { searchPeople } from '../core/userSearch';
import { literalLabel } from '../core/shownText';

/** Work a quick pick runs while open (loading pages); its failure closes the pick and is thrown. */
type Background = (work: (signal: AbortSignal) => Promise<void>) => void;

/**
 * Shows a quick pick until `accept` gives a result (`undefined` keeps it open, e.g. after "Load more") or the user
 * dismisses it (the result is then `undefined`). `load` runs in the background as it opens.
 */
function untilAccepted<T extends vscode.QuickPickItem, R>(
  quickPick: vscode.QuickPick<T>,
  accept: (item: T | undefined, background: Background) => R | undefined,
  load?: (signal: AbortSignal) => Promise<void>,
  wire?: (background: Background) => void,
): Promise<R | undefined> {
  const controller = new AbortController();
  return new Promise<R | undefined>((resolve, reject) => {
    let settled = false;
    const settle = (done: () => void) => {
      if (!settled) {
        settled = true;
        controller.abort(); // a page still loading is no longer wanted
        quickPick.dispose();
        done();
      }
    };
    const background: Background = (work) => {
      work(controller.signal).catch((error: unknown) => settle(() => reject(error instanceof Error ? error : new Error(String(error)))));
    };
    quickPick.onDidAccept(() => {
      const result = accept(quickPick.selectedItems[0], background);
      if (result !== undefined) {
        settle(() => resolve(result));
      }
    });
    quickPick.onDidHide(() => settle(() => resolve(undefined)));
    wire?.(background);
    quickPick.show();
    if (load) {
      background(load);
    }
  });
}

/** Typing pauses this long before the directory is searched: one request per word typed, not per key. */
const SEARCH_DELAY_MS = 250;

interface UserItem extends vscode.QuickPickItem {
  userId?: string;
  person?: Person;
  loadMore?: boolean;
}

/** Each named user's ID as the description, with the email first where another loaded user has the same name. */
function describeNamesakes(items: UserItem[]): void {
  const suffixes = distinguishers(items.flatMap((item) => (item.person ? [item.person] : [])));
  for (const item of items) {
    if (item.person?.name) {
      item.description = [suffixes.get(item.person.id), item.person.id].filter((part) => part && !part.startsWith('ID ')).join(' · ');
    }
  }
}

/**
 * Users picked by name: from the org's users a page at a time, or found by the directory's search as the name is
 * typed, or by a pasted user ID. One user (Enter takes it),
 * or several with checkboxes, where "Load more" moves to a title-bar button because a list row would be a checkbox.
 */
function userPicker(client: LicenseClient, title: string, many: boolean): Promise<string[] | undefined> {
  const quickPick = vscode.window.createQuickPick<UserItem>();
  quickPick.title = title;
  quickPick.placeholder = many ? 'Type to filter by name, tick users, or paste a user ID' : 'Type a name to filter, or paste a user ID';
  quickPick.matchOnDescription = true;
  quickPick.canSelectMany = many;
  const loadMoreButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('more'), tooltip: 'Load more users' };
  const loaded: UserItem[] = [];
  /** Users the directory's search found for the text typed, beyond the pages loaded. */
  let found: UserItem[] = [];
  let searchRefused = false;
  let pagesLoaded = 0;
  let pageCount = 1;

  const render = (focus?: UserItem) => {
    const typed = quickPick.value.trim();
    const lookUp: UserItem[] = isUuid(typed) ? [{ label: `$(search) Look up user ${typed}`, userId: typed.toLowerCase(), alwaysShow: true }] : [];
    const hasMore = pagesLoaded < pageCount;
    const more: UserItem[] = hasMore && !many ? [{ label: '$(more) Load more users…', loadMore: true, alwaysShow: true }] : [];
    quickPick.buttons = hasMore && many ? [loadMoreButton] : [];
    const kept = quickPick.selectedItems;
    // The quick pick's own matching does not fold the letters people type without diacritics: ours shows those
    // users too ("yilmaz" → "Yılmaz"). Every user stays in the list, so a ticked one the filter hides stays ticked.
    for (const item of loaded) {
      item.alwaysShow = typed !== '' && item.person !== undefined && matchesUserFilter(typed, item.person);
    }
    const foundNow = found.filter((item) => !loaded.some((other) => other.userId === item.userId) && item.person && matchesUserFilter(typed, item.person));
    quickPick.items = [...lookUp, ...loaded, ...foundNow, ...more];
    if (many) {
      quickPick.selectedItems = quickPick.items.filter((item) => kept.some((chosen) => chosen.userId === item.userId));
    }
    if (focus) {
      quickPick.activeItems = [focus];
    }
  };
  const loadPage = async (pageSignal: AbortSignal) => {
    quickPick.busy = true;
    try {
      const page = await client.listUsersPage({ pageNumber: pagesLoaded + 1, signal: pageSignal });
      const people = await readPeople(
        client,
        page.entities.map((user) => user.id),
        pageSignal,
      );
      if (people.missing) {
        quickPick.placeholder = `Pick by user ID or paste one (names not shown: ${people.missing})`;
      }
      const items = page.entities.map((user): UserItem => {
        const directory = people.value?.get(user.id);
        const person = { id: user.id, name: directory?.name, email: directory?.email };
        return {
          label: literalLabel(person.name ?? user.id),
          detail: `${count(user.licenses.length, 'license')}${user.licenses.length ? `: ${user.licenses.join(', ')}` : ''}`,
          userId: user.id,
          person,
        };
      });
      pagesLoaded++;
      pageCount = page.pageCount;
      loaded.push(...items);
      describeNamesakes(loaded);
      render(pagesLoaded > 1 ? items[0] : undefined);
    } finally {
      quickPick.busy = false;
    }
  };
  // Any user by name, not only the loaded pages: the directory's search, once typing pauses. Refused → paging only.
  let searchRun: AbortController | undefined;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const searchFor = async (typed: string, signal: AbortSignal) => {
    searchRun?.abort();
    const run = (searchRun = new AbortController());
    quickPick.busy = true;
    try {
      const result = await searchPeople(client, typed, AbortSignal.any([signal, run.signal]), 1);
      if (result.via === 'refused') {
        searchRefused = true;
        quickPick.placeholder = `${quickPick.placeholder ?? ''} (directory search refused: loaded users only)`;
        return;
      }
      found = result.people.map((person): UserItem => ({
        label: literalLabel(person.name ?? person.id),
        detail: 'found by directory search',
        userId: person.id,
        person,
      }));
      render();
    } catch (error) {
      if (!run.signal.aborted) {
        throw error;
      }
    } finally {
      if (searchRun === run) {
        quickPick.busy = false;
      }
    }
  };
  return untilAccepted(
    quickPick,
    (item, background) => {
      if (many) {
        const ids = quickPick.selectedItems.flatMap((chosen) => (chosen.userId ? [chosen.userId] : []));
        return ids.length > 0 ? ids : undefined;
      }
      if (item?.loadMore) {
        background(loadPage);
        return undefined;
      }
      const id = item?.userId ?? (quickPick.value.trim() || undefined);
      return id ? [id] : undefined;
    },
    loadPage,
    (background) => {
      quickPick.onDidTriggerButton(() => background(loadPage));
      quickPick.onDidChangeValue(() => {
        render();
        clearTimeout(searchTimer);
        const typed = quickPick.value.trim();
        if (!searchRefused && typed.length >= 2 && !isUuid(typed)) {
          searchTimer = setTimeout(() => background((signal) => searchFor(typed, signal)), SEARCH_DELAY_MS);
        }
      });
      quickPick.onDidHide(() => clearTimeout(searchTimer));
    },
  );
}

/** A user picked by name from the org's users, a page at a time, or a user ID pasted. */
export async function pickUser(client: LicenseClient, title = 'Get User Licenses'): Promise<string | undefined> {
  return (await userPicker(client, title, false))?.[0];
}

/** Several users picked by name (ticked), or by pasted IDs. */
export function pickUsers(client: LicenseClient, title: string): Promise<string[] | undefined> {
  return userPicker(client, title, true);
}

/** A feature name typed, or one used before in this org. */
export function pickFeatureName(title: string, remembered: readonly string[]): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = title;
  quickPick.placeholder = remembered.length > 0 ? 'Type a feature name, or pick one used before' : 'Type a feature name';
  const earlier = remembered.map((name): vscode.QuickPickItem => ({ label: name, description: 'used before' }));
  const render = () => {
    const typed = quickPick.value.trim();
    quickPick.items = typed && !remembered.includes(typed) ? [{ label: typed, alwaysShow: true }, ...earlier] : earlier;
  };
  quickPick.onDidChangeValue(render);
  render();
  return untilAccepted(quickPick, (item) => item?.label ?? (quickPick.value.trim() || undefined));
}

export async function pickDefinition(catalog: DefinitionCatalog): Promise<LicenseDefinition | undefined> {
  const items = [...catalog.values()]
    .sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''))
    .map((definition) => ({ label: literalLabel(definition.id ?? ''), detail: definition.description && literalLabel(definition.description), definition }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Show License Definition',
    placeHolder: 'Pick a license (type to filter by ID or description)',
    matchOnDetail: true,
  });
  return picked?.definition;
}

export async function pickRoles(roles: readonly AuthorizationRole[]): Promise<AuthorizationRole[] | undefined> {
  const items = [...roles]
    .sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id))
    .map((role) => ({
      label: literalLabel(role.name ?? role.id),
      description: role.name ? role.id : undefined,
      detail: role.description && literalLabel(role.description),
      role,
    }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Infer Licenses from Roles',
    placeHolder: 'Pick one or more roles',
    canPickMany: true,
    matchOnDescription: true,
  });
  return picked?.map((item) => item.role);
}

/** As the user types a list of IDs: how many are valid, merged, and which are not IDs. Never blocks accepting. */
function describeIdsAsTyped(value: string): vscode.InputBoxValidationMessage | undefined {
  if (value.trim() === '') {
    return undefined;
  }
  const parsed = parseIdList(value);
  return {
    message: describeParsedIds(parsed),
    severity: parsed.invalid.length > 0 ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Info,
  };
}

/** Many user IDs pasted at once; the clipboard is offered when it holds some. */
export async function askUserIds(): Promise<string | undefined> {
  const clipboard = await vscode.env.clipboard.readText();
  return vscode.window.showInputBox({
    title: 'Fetch Licenses for Users',
    prompt: 'User IDs separated by commas, spaces, semicolons or lines. Duplicates are merged; entries that are not IDs are listed and not sent.',
    placeHolder: '3f2a1c0e-7b3d-4c8e-9a51-0d2e6f4b8c17, 9b1e…',
    value: parseIdList(clipboard).ids.length > 0 ? clipboard : undefined,
    ignoreFocusOut: true,
    validateInput: describeIdsAsTyped,
  });
}

/** Role IDs pasted, when roles cannot be listed by name; the prompt says why. */
export function askRoleIds(whyNotByName: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Infer Licenses from Roles',
    prompt: `Roles cannot be listed by name: ${whyNotByName}. Paste role IDs instead (from Admin → Roles/Permissions), separated by commas, spaces or lines.`,
    ignoreFocusOut: true,
    validateInput: describeIdsAsTyped,
  });
}

/** What an export writes, for its pickers: the title and a file-name part; the users export by default. */
export interface ExportKind {
  title: string;
  fileStem: string;
  csvDetail: string;
  jsonDetail: string;
}

export const USERS_EXPORT: ExportKind = {
  title: 'Export Users and Licenses',
  fileStem: 'users-licenses',
  csvDetail: 'For spreadsheets: one row a user, one column a license',
  jsonDetail: 'For scripts: every user with the IDs of the licenses they hold',
};

export async function pickExportFormat(kind: ExportKind = USERS_EXPORT): Promise<ExportFormat | undefined> {
  const formats: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'CSV', detail: kind.csvDetail, format: 'csv' },
    { label: 'JSON', detail: kind.jsonDetail, format: 'json' },
  ];
  return (await vscode.window.showQuickPick(formats, { title: kind.title, placeHolder: 'Export as' }))?.format;
}

/** Where to write the export; offered in the workspace folder (or the home folder) under a dated name. */
export function askExportTarget(format: ExportFormat, orgName: string, kind: ExportKind = USERS_EXPORT): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const fileName = `${fileSafeName(orgName)}-${kind.fileStem}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return vscode.window.showSaveDialog({
    title: kind.title,
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: format === 'csv' ? { 'CSV (spreadsheets)': ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
}
