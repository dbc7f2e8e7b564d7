/** The file form of an org's last known state: written and read back through one shape. No `vscode` import. */
import type { LicenseDefinition, UserLicenseIds } from '../api';
import { licenseDefinitions } from '../api/answerShapes';
import { list, record, text } from '../api/shapes';

/**
 * What the explorer last read of an org: its definitions and every user's license IDs, so that a reloaded window
 * shows counts at once (marked "as of" the time it was saved) while the live scan runs. Not a secret, and not text
 * the extension trusts: it is read back through the same shapes as an answer from the org.
 */
export interface LastKnownOrgState {
  orgId: string;
  /** ISO time the state was read from the org. */
  savedAt: string;
  definitions: LicenseDefinition[];
  users: UserLicenseIds[];
}

/**
 * The bound: 100 000 users, or 32 MB written. A larger org is not kept (its file is removed and the log says so):
 * its window starts from a live scan, as before.
 */
export const MAX_KEPT_USERS = 100_000;
export const MAX_KEPT_BYTES = 32 * 1024 * 1024;

const FORMAT = '1';
const stateShape = record({
  format: text,
  orgId: text,
  savedAt: text,
  definitions: licenseDefinitions,
  users: list(record({ id: text, licenses: list(text) })),
});

/** The text to write, or why the state is not kept (over the bound). */
export function serializeKeptState(state: LastKnownOrgState): { json: string } | { tooLarge: string } {
  if (state.users.length > MAX_KEPT_USERS) {
    return { tooLarge: `${state.users.length.toLocaleString('en-US')} users, more than ${MAX_KEPT_USERS.toLocaleString('en-US')}` };
  }
  const json = JSON.stringify({ format: FORMAT, ...state });
  return json.length > MAX_KEPT_BYTES ? { tooLarge: `${Math.round(json.length / 1024 / 1024)} MB, more than ${MAX_KEPT_BYTES / 1024 / 1024} MB` } : { json };
}

/** The state in `json` if it is well formed and was read from `orgId`; throws saying why not. */
export function parseKeptState(json: string, orgId: string): LastKnownOrgState {
  const { format, ...state } = stateShape(JSON.parse(json), '');
  if (format !== FORMAT || Number.isNaN(Date.parse(state.savedAt))) {
    throw new Error('its format is not this version’s');
  }
  if (state.orgId !== orgId) {
    throw new Error('it belongs to another org');
  }
  return state;
}
