/**
 * Who a user ID is, as the form shows it beside the ID: the directory's name, and the email too when another user
 * the form knows has the same name (two "Siobhán Ólafsdóttir" must not look alike). Pure.
 */
import type { Person, UserField } from '../webview/protocol';
import type { FormState } from './model';

export type People = ReadonlyMap<string, Person | null>;

export interface PersonLabel {
  name: string;
  /** Only when the name alone does not tell this user from another. */
  email?: string;
}

/** Names listed under a users field before "and N more". */
export const PEOPLE_LISTED = 8;

function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en-US');
}

const sharedNames = new WeakMap<People, Set<string>>();

/** The names (as compared) that more than one known user has; worked out once per set of people. */
function namesOfMoreThanOne(people: People): Set<string> {
  let shared = sharedNames.get(people);
  if (!shared) {
    const seen = new Set<string>();
    shared = new Set<string>();
    for (const person of people.values()) {
      const key = person?.name ? nameKey(person.name) : '';
      if (key && seen.has(key)) {
        shared.add(key);
      }
      seen.add(key);
    }
    sharedNames.set(people, shared);
  }
  return shared;
}

export function personLabel(people: People, id: string): PersonLabel | undefined {
  const person = people.get(id);
  if (!person?.name) {
    return undefined;
  }
  const shared = namesOfMoreThanOne(people).has(nameKey(person.name));
  return { name: person.name, email: shared ? person.email : undefined };
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
