/** Matching users against what a person types in the filter. Pure, so it is tested directly. */

/**
 * Latin letters that Unicode does not decompose into a base letter and a mark, so NFKD alone leaves them as they
 * are: typed without their stroke, dot or ligature they must still match ("yilmaz" finds "Yılmaz"). Lower case only:
 * the text is lowered before this table is applied.
 */
const UNDECOMPOSED_LETTERS: Readonly<Record<string, string>> = {
  ı: 'i',
  ɨ: 'i',
  ł: 'l',
  ƚ: 'l',
  ø: 'o',
  ɵ: 'o',
  đ: 'd',
  ð: 'd',
  ɖ: 'd',
  ɗ: 'd',
  ħ: 'h',
  ŧ: 't',
  ƭ: 't',
  ŋ: 'n',
  ɲ: 'n',
  ĸ: 'k',
  ƙ: 'k',
  ƀ: 'b',
  ɓ: 'b',
  ƈ: 'c',
  ɠ: 'g',
  ƥ: 'p',
  ƴ: 'y',
  ȥ: 'z',
  ʉ: 'u',
  ƒ: 'f',
  ʂ: 's',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ĳ: 'ij',
};
const UNDECOMPOSED = new RegExp(`[${Object.keys(UNDECOMPOSED_LETTERS).join('')}]`, 'g');

/**
 * Lower case without accents, ligatures or compatibility forms, so plain typing finds what the org spells with them:
 * "zoe" finds "Zoë", "lukasz" finds "Łukasz", "yilmaz" finds "Yılmaz", "strasse" finds "Straße", "john" finds "Ｊｏｈｎ".
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD') // lowering can produce new decomposable letters ("İ" → "i̇")
    .replace(/\p{M}+/gu, '')
    .replace(UNDECOMPOSED, (letter) => UNDECOMPOSED_LETTERS[letter])
    .trim();
}

export interface FilterableUser {
  id: string;
  name?: string;
  email?: string;
}

/** What a user is matched on (name, email, ID), folded: kept where the same users are matched at every keystroke. */
export function foldedUserText(user: FilterableUser): string {
  return normalizeForSearch(`${user.name ?? ''} ${user.email ?? ''} ${user.id}`);
}

/** A filter folded once, to test many users' `foldedUserText`: true when every word of it is there. */
export function foldedMatcher(filter: string): (foldedText: string) => boolean {
  const words = normalizeForSearch(filter).split(/\s+/).filter(Boolean);
  return (foldedText) => words.every((word) => foldedText.includes(word));
}

/** True when every word of the filter appears in the user's name, email or ID. */
export function matchesUserFilter(filter: string, user: FilterableUser): boolean {
  return foldedMatcher(filter)(foldedUserText(user));
}
