/** Text from the org made safe to show in one line of the tree. Pure, so it is tested directly. */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const STRONG_RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * Drops control and bidi-override characters (a name must not reorder or break the row it sits in), folds runs of
 * white space, and wraps right-to-left text in a first-strong isolate so the description after it ("1 license")
 * keeps its own direction.
 */
export function displayText(text: string): string {
  const clean = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return STRONG_RTL.test(clean) ? `\u2068${clean}\u2069` : clean;
}
