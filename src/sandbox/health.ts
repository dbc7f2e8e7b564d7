/**
 * The users' state and last login in the sandbox org, and the users seeded so that every License Health finding
 * occurs: holders who are inactive or deleted, who never logged in or not for long. Redundant and prerequisite
 * cases come from the "why" cases (`seedCases`); role mismatches from the org's roles as `infer` reads them.
 */
import type { SandboxUser } from './data';

export type UserState = 'active' | 'inactive' | 'deleted';

const DAY_MS = 86_400_000;

/** The seeded users by what their state and last login show (see `seedHealthCases`). */
export interface HealthCases {
  inactive: string[];
  deleted: string[];
  neverLoggedIn: string[];
  /** Active users whose last login is `IDLE_CASE_DAYS` days before the org was made. */
  idle: string[];
}

/** Well past the extension's default idle limit (90 days), whatever the limit between 1 and 119 days. */
export const IDLE_CASE_DAYS = [120, 400];

/** Every user of the org logged in within the last 30 days, the day drawn from the position (no random draw, so the generated org stays as it was). */
export function recentLogins(now: number): (index: number) => string {
  const days = Array.from({ length: 30 }, (_, day) => new Date(now - (day + 1) * DAY_MS + 3_600_000).toISOString());
  return (index) => days[(index * 7) % days.length];
}

/**
 * Makes the last licensed users of the org the health cases, from the end backwards: 2 inactive, 1 deleted, 2 who
 * never logged in, 2 idle. Only state and last login change, so counts of users and licenses stay as generated.
 * An org too small to hold them after its first `reserved` users gets none.
 */
export function seedHealthCases(users: SandboxUser[], reserved: number, now: number): HealthCases {
  const cases: HealthCases = { inactive: [], deleted: [], neverLoggedIn: [], idle: [] };
  const plan: [keyof HealthCases, number][] = [
    ['inactive', 2],
    ['deleted', 1],
    ['neverLoggedIn', 2],
    ['idle', 2],
  ];
  const wanted = plan.reduce((sum, [, size]) => sum + size, 0);
  const licensed = users
    .slice(reserved)
    .filter((user) => user.licenses.length > 0)
    .slice(-wanted);
  if (licensed.length < wanted) {
    return cases;
  }
  for (const [kind, size] of plan) {
    for (const user of licensed.splice(-size)) {
      cases[kind].push(user.id);
      if (kind === 'inactive' || kind === 'deleted') {
        user.state = kind;
      } else if (kind === 'neverLoggedIn') {
        delete user.dateLastLogin;
      } else {
        user.dateLastLogin = new Date(now - IDLE_CASE_DAYS[cases.idle.length - 1] * DAY_MS).toISOString();
      }
    }
  }
  return cases;
}
