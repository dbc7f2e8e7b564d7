import * as vscode from 'vscode';
import type { AuthorizationRole, LicenseClient, LicenseDefinition } from '../api';
import { count } from '../core/markdown';
import type { DefinitionCatalog } from '../core/licenseReports';
import { describeParsedIds, type ExportFormat, isUuid, parseIdList } from '../core/input';
import { fileSafeName } from '../core/snapshot';
import { readPeople } from '../core/orgLookups';
import { distinguishers, type Person } from '../core/people';
import { foldedMatcher, foldedUserText } from '../core/userFilter';
import { type EveryName, findPeople, readEveryName } from '../core/userSearch';
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
  /** A row that only says something (how far a read is, that no one matches): accepting it does nothing. */
  inert?: boolean;
  /** What the typed text is matched on, folded once: a read of every name is matched again at each keystroke. */
  folded?: string;
}

/** A user's row: the name (the org's text, its `$(…)` shown as typed) or the ID, and the licenses they hold. */
function userItem(person: Person, licenses: readonly string[]): UserItem {
  return {
    label: literalLabel(person.name ?? person.id),
    detail: `${count(licenses.length, 'license')}${licenses.length ? `: ${licenses.join(', ')}` : ''}`,
    userId: person.id,
    person,
    folded: foldedUserText(person),
  };
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
 * Users picked by name: from the org's users a page at a time, or found as the name is typed (the directory's
 * search, then, when it is refused or finds no one, every user's name, read once a picker session, as the users
 * filter does), or by a pasted user ID. One user (Enter takes it), or several with checkboxes, where "Load more" and
 * what a read says move to the title bar because a list row would be a checkbox.
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
  /** Why the directory refused to search: it is not asked again in this session. */
  let searchRefused: string | undefined;
  let pagesLoaded = 0;
  let pageCount = 1;
  /** The session's one read of every user's name (started when a search finds no one), and its rows once read. */
  let everyNameRead: Promise<EveryName<Person & { licenses: string[] }>> | undefined;
  let everyone: UserItem[] | undefined;
  let readProgress: string | undefined;
  let busyWith = 0;
  const working = async <T>(work: () => Promise<T>): Promise<T> => {
    quickPick.busy = ++busyWith > 0;
    try {
      return await work();
    } finally {
      quickPick.busy = --busyWith > 0;
    }
  };

  const render = (focus?: UserItem) => {
    const typed = quickPick.value.trim();
    const lookUp: UserItem[] = isUuid(typed) ? [{ label: `$(search) Look up user ${typed}`, userId: typed.toLowerCase(), alwaysShow: true }] : [];
    const hasMore = pagesLoaded < pageCount;
    const more: UserItem[] = hasMore && !many ? [{ label: '$(more) Load more users…', loadMore: true, alwaysShow: true }] : [];
    quickPick.buttons = hasMore && many ? [loadMoreButton] : [];
    const kept = quickPick.selectedItems;
    // The quick pick's own matching does not fold the letters people type without diacritics: ours shows those
    // users too ("yilmaz" → "Yılmaz"). Every user stays in the list, so a ticked one the filter hides stays ticked.
    const matcher = foldedMatcher(typed);
    const matches = (item: UserItem) => typed !== '' && item.folded !== undefined && matcher(item.folded);
    const shown = new Set<string | undefined>();
    for (const item of loaded) {
      item.alwaysShow = matches(item);
      shown.add(item.userId);
    }
    const beyondLoaded = [...found, ...(everyone ?? [])].filter((item) => {
      const first = !shown.has(item.userId);
      shown.add(item.userId);
      item.alwaysShow = first && matches(item);
      return item.alwaysShow || (first && kept.some((chosen) => chosen.userId === item.userId));
    });
    const everyoneKnown = everyone !== undefined || !hasMore;
    const nothingMatches = everyoneKnown && typed !== '' && lookUp.length === 0 && !loaded.some(matches) && beyondLoaded.length === 0;
    const status = readProgress ? `Searching all names… ${readProgress}` : nothingMatches ? 'No user matches' : undefined;
    // The typed text is shown as typed (its `$(…)` is no icon); the title gets only our words: the text is in the box.
    const statusRows: UserItem[] =
      status && !many
        ? [
            {
              label: `$(${readProgress ? 'loading~spin' : 'search-stop'}) ${status}${readProgress ? '' : ` “${literalLabel(typed)}”`}`,
              inert: true,
              alwaysShow: true,
            },
          ]
        : [];
    quickPick.title = status && many ? `${title} · ${status}${readProgress ? '' : ' the text typed'}` : title;
    quickPick.items = [...lookUp, ...statusRows, ...loaded, ...beyondLoaded, ...more];
    if (many) {
      quickPick.selectedItems = quickPick.items.filter((item) => kept.some((chosen) => chosen.userId === item.userId));
    }
    if (focus && quickPick.items.includes(focus)) {
      quickPick.activeItems = [focus];
    }
  };
  const loadPage = (pageSignal: AbortSignal) =>
    working(async () => {
      const page = await client.listUsersPage({ pageNumber: pagesLoaded + 1, signal: pageSignal });
      const people = await readPeople(
        client,
        page.entities.map((user) => user.id),
        pageSignal,
      );
      if (people.missing) {
        quickPick.placeholder = `Pick by user ID or paste one (names not shown: ${people.missing})`;
      }
      const items = page.entities.map((user) => userItem({ ...people.value?.get(user.id), id: user.id }, user.licenses));
      pagesLoaded++;
      pageCount = page.pageCount;
      loaded.push(...items);
      describeNamesakes(loaded);
      render(pagesLoaded > 1 ? items[0] : undefined);
    });
  /** Every user's name, read once a session however much is typed meanwhile; closing the picker stops it. */
  const readEveryone = (sessionSignal: AbortSignal) =>
    (everyNameRead ??= working(async () => {
      const every = await readEveryName(client, sessionSignal, (message) => {
        readProgress = message;
        render(quickPick.activeItems[0]); // the cursor stays where the person put it
      });
      readProgress = undefined;
      everyone = every.people.map((person) => userItem(person, person.licenses));
      describeNamesakes(everyone);
      render();
      return every;
    }));
  // Any user by name, not only the loaded pages: the directory's search, once typing pauses; when it is refused or
  // finds no one, every user's name. Newer text cancels the older text's search; the read serves every text.
  let searchRun: AbortController | undefined;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const findByName = (typed: string, sessionSignal: AbortSignal) => {
    searchRun?.abort();
    const run = (searchRun = new AbortController());
    return working(async () => {
      try {
        // The rows come from what was read, matched again at each render: the text may have grown meanwhile.
        const result = await findPeople(client, typed, AbortSignal.any([sessionSignal, run.signal]), () => readEveryone(sessionSignal), {
          searchRefused,
          maxPages: 1,
        });
        if (run.signal.aborted) {
          return; // newer text owns the rows
        }
        if (result.via === 'search') {
          found = result.people.map((person) => ({ ...userItem(person, []), detail: 'found by directory search' }));
        } else if (result.searchRefused) {
          searchRefused = result.searchRefused;
        }
        render();
      } catch (error) {
        if (!run.signal.aborted) {
          throw error;
        }
      }
    });
  };
  return untilAccepted(
    quickPick,
    (item, background) => {
      if (many) {
        const ids = quickPick.selectedItems.flatMap((chosen) => (chosen.userId ? [chosen.userId] : []));
        return ids.length > 0 ? ids : undefined;
      }
      if (item?.inert) {
        return undefined;
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
        // Once every name is read (or every page loaded), typing more only narrows what was read: no request at all.
        if (everyone === undefined && pagesLoaded < pageCount && typed.length >= 2 && !isUuid(typed)) {
          searchTimer = setTimeout(() => background((signal) => findByName(typed, signal)), SEARCH_DELAY_MS);
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
export async function askExportTarget(format: ExportFormat, orgName: string, kind: ExportKind = USERS_EXPORT): Promise<vscode.Uri | undefined> {
  // node:os is loaded here, not at activation.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file((await import('node:os')).homedir());
  const fileName = `${fileSafeName(orgName)}-${kind.fileStem}-${new Date().toISOString().slice(0, 10)}.${format}`;
  return vscode.window.showSaveDialog({
    title: kind.title,
    defaultUri: vscode.Uri.joinPath(folder, fileName),
    filters: format === 'csv' ? { 'CSV (spreadsheets)': ['csv'] } : { JSON: ['json'] },
    saveLabel: 'Export',
  });
}
