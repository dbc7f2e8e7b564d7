/** How people from the org's directory are told apart when shown side by side. Pure: no `vscode` import. */

export interface Person {
  id: string;
  name?: string;
  email?: string;
}

/**
 * For each person whose name is shared by another one in `people`, what tells them apart: the email when it
 * differs from the others', otherwise the start of the user ID (long enough to be unique among them). People with a
 * unique name, or no name, get nothing: their row needs no suffix. Names are compared as a person reads them
 * (case, accents and spacing do not make two names different).
 */
export function distinguishers(people: readonly Person[]): Map<string, string> {
  const byName = new Map<string, Person[]>();
  for (const person of people) {
    const key = person.name?.normalize('NFKC').toLocaleLowerCase('en-US').replace(/\s+/g, ' ').trim();
    if (key) {
      byName.set(key, [...(byName.get(key) ?? []), person]);
    }
  }
  const result = new Map<string, string>();
  for (const namesakes of byName.values()) {
    if (namesakes.length < 2) {
      continue;
    }
    const emails = namesakes.map((person) => person.email?.toLocaleLowerCase('en-US'));
    const prefixLength = uniquePrefixLength(namesakes.map((person) => person.id));
    namesakes.forEach((person, index) => {
      const email = emails[index];
      const emailIsUnique = email !== undefined && emails.filter((other) => other === email).length === 1;
      result.set(person.id, emailIsUnique ? (person.email as string) : `ID ${person.id.slice(0, prefixLength)}…`);
    });
  }
  return result;
}

/** The shortest prefix length (at least 8, a UUID's first block) under which the IDs no longer collide. */
function uniquePrefixLength(ids: readonly string[]): number {
  for (let length = 8; length < Math.max(...ids.map((id) => id.length)); length++) {
    if (new Set(ids.map((id) => id.slice(0, length))).size === new Set(ids).size) {
      return length;
    }
  }
  return Math.max(...ids.map((id) => id.length));
}

/** Rows with the name where the directory gave one (no `name` key where it did not). */
export function withNames<User extends { id: string; licenses: string[] }>(
  users: readonly User[],
  people: ReadonlyMap<string, { name?: string }> | undefined,
): { id: string; name?: string; licenses: string[] }[] {
  return users.map((user) => {
    const name = people?.get(user.id)?.name;
    return name === undefined ? { id: user.id, licenses: user.licenses } : { id: user.id, name, licenses: user.licenses };
  });
}
