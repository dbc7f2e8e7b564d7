/**
 * Who a user ID is, as the form shows it beside the ID: the directory's name, and, when another user the form knows
 * has the same name, what tells them apart (the email, or the start of the ID; core/people.ts, as in the tree and
 * the pickers). Pure.
 */
import { distinguishers } from '../core/people';
import type { Person, UserField } from '../webview/protocol';
import type { FormState } from './model';

export type People = ReadonlyMap<string, Person | null>;

export interface PersonLabel {
  name: string;
  /** Only when the name alone does not tell this user from another: the email, or the start of the ID. */
  distinguisher?: string;
}

/** Names listed under a users field before "and N more". */
export const PEOPLE_LISTED = 8;

const distinguished = new WeakMap<People, Map<string, string>>();

/** What tells namesakes apart, worked out once per set of people. */
function distinguishersOf(people: People): Map<string, string> {
  let found = distinguished.get(people);
  if (!found) {
    found = distinguishers([...people.values()].filter((person): person is Person => !!person));
    distinguished.set(people, found);
  }
  return found;
}

export function personLabel(people: People, id: string): PersonLabel | undefined {
  const person = people.get(id);
  return person?.name ? { name: person.name, distinguisher: distinguishersOf(people).get(id) } : undefined;
}

export interface FieldPeople {
  listed: { id: string; label: PersonLabel }[];
  /** Named users not listed. */
  more: number;
  /** IDs the directory does not know. */
  notFound: number;
}

/** The named users of one field of a row (as of the last check), for the list under the field. */
export function fieldPeople(state: FormState, key: string, field: UserField): FieldPeople | undefined {
  const check = state.check.rows.find((row) => row.key === key);
  const ids = field === 'usersToAdd' ? check?.add : check?.remove;
  if (!ids || state.people.size === 0) {
    return undefined;
  }
  const listed: FieldPeople['listed'] = [];
  let named = 0;
  let notFound = 0;
  for (const id of ids) {
    const label = personLabel(state.people, id);
    if (label) {
      named++;
      if (listed.length < PEOPLE_LISTED) {
        listed.push({ id, label });
      }
    } else if (state.people.get(id) === null) {
      notFound++;
    }
  }
  return named + notFound > 0 ? { listed, more: named - listed.length, notFound } : undefined;
}
