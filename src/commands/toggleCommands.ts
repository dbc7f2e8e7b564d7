import type { LicenseOrgToggle } from '../api';
import type { ActiveSession, SessionManager } from '../auth/sessionManager';
import { textFromArgument } from '../core/input';
import type { ToggleHistory } from '../state/toggleHistory';
import { pickFeatureName } from '../ui/pickers';
import { runWithProgress } from '../ui/progress';
import type { Registry } from './commandArguments';
import { confirmInModal, showInformationMessage } from '../ui/messages';
import { CommandIds } from '../core/commandIds';

const TOGGLES_DEPRECATED = 'Genesys has deprecated license toggles: reading one always answers enabled, and flipping one changes nothing on real orgs.';

export interface FlipToggleOutcome {
  featureName: string;
  enabledBefore?: boolean;
  enabledAfter?: boolean;
}

function toggleState(toggle: LicenseOrgToggle): string {
  return toggle.enabled === undefined ? 'no state' : toggle.enabled ? 'enabled' : 'disabled';
}

/** Genesys' deprecated license toggles: read one, or flip it after a modal confirmation. Names used are remembered per org. */
class ToggleCommands {
  constructor(
    private readonly sessions: SessionManager,
    private readonly toggleHistory: ToggleHistory,
  ) {}

  /** The toggle the argument names, or one typed or picked among those used before in this org: read, remembered. */
  private async readToggle(argument: unknown, title: string): Promise<{ session: ActiveSession; featureName: string; toggle: LicenseOrgToggle } | undefined> {
    const session = this.sessions.requireSession();
    const featureName =
      textFromArgument(argument) ?? (await pickFeatureName(`${title} (deprecated by Genesys)`, this.toggleHistory.names(session.connection.id)));
    if (featureName === undefined) {
      return undefined;
    }
    const toggle = await runWithProgress(this.sessions, `Reading the license toggle ${featureName}`, ({ signal }) =>
      session.client.getToggle(featureName, { signal }),
    );
    await this.toggleHistory.remember(session.connection.id, featureName);
    return { session, featureName, toggle };
  }

  async getToggle(argument?: unknown): Promise<LicenseOrgToggle | undefined> {
    const read = await this.readToggle(argument, 'Get License Toggle');
    if (read) {
      void showInformationMessage(`License toggle "${read.featureName}": ${toggleState(read.toggle)}. ${TOGGLES_DEPRECATED}`);
    }
    return read?.toggle;
  }

  /** Shows the current value, asks (modal), flips once, shows the new value. A write: never sent again on failure. */
  async flipToggle(argument?: unknown): Promise<FlipToggleOutcome | undefined> {
    const read = await this.readToggle(argument, 'Flip License Toggle');
    if (!read) {
      return undefined;
    }
    const { session, featureName, toggle: before } = read;
    const flip = 'Flip';
    if (
      !(await confirmInModal(
        `Flip the license toggle "${featureName}"? It reads ${toggleState(before)} now.`,
        [`${TOGGLES_DEPRECATED} The request is sent once.`],
        flip,
      ))
    ) {
      return undefined;
    }
    const after = await runWithProgress(this.sessions, `Flipping the license toggle ${featureName}`, ({ signal }) =>
      session.client.flipToggle(featureName, { signal }),
    );
    const unchanged = after.enabled === before.enabled ? ': unchanged, as Genesys documents for its deprecated toggles' : '';
    void showInformationMessage(`License toggle "${featureName}" now reads ${toggleState(after)} (it read ${toggleState(before)})${unchanged}.`);
    return { featureName, enabledBefore: before.enabled, enabledAfter: after.enabled };
  }
}

export function registerToggleCommands(registry: Registry, sessions: SessionManager, toggleHistory: ToggleHistory): void {
  const commands = new ToggleCommands(sessions, toggleHistory);
  registry.register(CommandIds.getToggle, 'Get license toggle', (argument?: unknown) => commands.getToggle(argument));
  registry.register(CommandIds.flipToggle, 'Flip license toggle', (argument?: unknown) => commands.flipToggle(argument));
}
