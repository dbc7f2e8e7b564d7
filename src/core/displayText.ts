/** Text from the org made safe to show in one line of the tree. Pure, so it is tested directly. */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/**
 * Characters that take no room or show as blank: format characters (zero-width spaces, bidi marks, soft hyphens, tag
 * characters) except the joiners that scripts and emoji need, and the fillers that render as nothing.
 */
const INVISIBLE = /(?![\u200c\u200d])[\p{Cf}\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0]/gu;
/** More combining marks on one letter than any script needs: they paint over the rows above and below. */
const STACKED_MARKS = /(\p{M}{4})\p{M}+/gu;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/** Long enough for nearly every real name; a longer one pushes the row's count out of a usual sidebar's sight. */
export const MAX_DISPLAY_LENGTH = 40;
/** For a description after a count: room for the longest real one, the rest is in the tooltip. */
export const MAX_DESCRIPTION_LENGTH = 160;

/**
 * Drops control, bidi-override and invisible characters (a name must not reorder, break or blank the row it sits
 * in), folds runs of white space, shortens what is longer than `maxLength` characters with an ellipsis, and wraps
 * right-to-left text in a first-strong isolate so the description after it ("1 license") keeps its own direction.
 * Text with nothing visible left is empty, so the caller shows the ID instead.
 */
export function displayText(text: string, maxLength = MAX_DISPLAY_LENGTH): string {
  const clean = text.replace(CONTROL, ' ').replace(INVISIBLE, '').replace(STACKED_MARKS, '$1').replace(/\s+/g, ' ').trim();
  if (!VISIBLE.test(clean)) {
    return '';
  }
  const characters = [...clean];
  const short =
    characters.length > maxLength
      ? `${characters
          .slice(0, maxLength - 1)
          .join('')
          .trimEnd()}…`
      : clean;
  return STRONG_RTL.test(short) ? `\u2068${short}\u2069` : short;
}
