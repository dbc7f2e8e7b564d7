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

/** True when every word of the filter appears in the user's name, email or ID. */
export function matchesUserFilter(filter: string, user: FilterableUser): boolean {
  const haystack = normalizeForSearch(`${user.name ?? ''} ${user.email ?? ''} ${user.id}`);
  return normalizeForSearch(filter)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}
