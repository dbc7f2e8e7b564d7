/** Matching users against what a person types in the filter. Pure, so it is tested directly. */

/** Lower case without accents, so "zoe" finds "Zoë" and "lukasz" finds "Łukasz". */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ł/gi, 'l')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .trim();
}

export interface FilterableUser {
  id: string;
  name?: string;
  email?: string;
}

/** True when every word of the filter appears in the user's name, email or ID. */
export function matchesUserFilter(filter: string, user: FilterableUser): boolean {
  const haystack = normalizeForSearch(`${user.name ?? ''} ${user.email ?? ''} ${user.id}`);
  return normalizeForSearch(filter)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
