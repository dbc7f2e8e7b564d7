/**
 * Reading what the org answers. A shape checks a value's type and returns it typed, or throws a ShapeError naming the
 * field (`entities[3].licenses`); the transport turns that into a `malformed-response` GenesysApiError. Genesys leaves
 * empty arrays and null fields out of its answers, so an absent or null list reads as empty and an absent or null
 * optional field as undefined. Objects keep only the fields their shape names.
 */

export type Shape<T> = (value: unknown, field: string) => T;

/** Deeper than this, nesting is refused rather than followed (a hostile answer must not exhaust the stack). */
const MAX_NESTING = 64;

export class ShapeError extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${field || 'the answer'} is ${got} where ${expected} was expected`);
  }
}

/** What a value is, in words, without repeating its content (which is untrusted and may be huge). */
function kindOf(value: unknown): string {
  if (value === undefined) {
    return 'missing';
  }
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? `the number ${value}` : 'a fractional number';
  }
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;

export const text: Shape<string> = (value, field) => {
  if (typeof value !== 'string') {
    throw new ShapeError(field, 'a string', kindOf(value));
  }
  return value;
};

/** A whole number of at least 0 (counts, page numbers, totals). */
export const count: Shape<number> = (value, field) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ShapeError(field, 'a whole number of at least 0', kindOf(value));
  }
  return value;
};

/** A number of at least 0, fractions allowed (seconds). */
export const amount: Shape<number> = (value, field) => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ShapeError(field, 'a number of at least 0', kindOf(value));
  }
  return value;
};

export const flag: Shape<boolean> = (value, field) => {
  if (typeof value !== 'boolean') {
    throw new ShapeError(field, 'true or false', kindOf(value));
  }
  return value;
};

export function optional<T>(shape: Shape<T>): Shape<T | undefined> {
  return (value, field) => (isAbsent(value) ? undefined : shape(value, field));
}

/** How deep the lists, records and maps being read are nested now; reading is synchronous, so one count serves. */
let nesting = 0;

/**
 * Reads one part of a list, record or map. Parts are read without a name, which would have to be built for every
 * part of every answer (a page of users has hundreds); a part that fails is named in the error on its way out,
 * `part` appended to the whole's name and before the name the failure carries within the part.
 */
function readPart<T>(shape: Shape<T>, value: unknown, field: string, part: Part): T {
  if (nesting >= MAX_NESTING) {
    throw new ShapeError(partName(field, part, ''), `at most ${MAX_NESTING} levels of nesting`, 'nested deeper');
  }
  nesting++;
  try {
    return shape(value, '');
  } catch (error) {
    throw error instanceof ShapeError ? new ShapeError(partName(field, part, error.field), error.expected, error.got) : error;
  } finally {
    nesting--;
  }
}

/** A list's item by number, a record's field by name, a map's entry by its `[key]` (built when needed). */
type Part = number | string | (() => string);

/** `entities[3].licenses`: the whole's name, the part's, then the name the failure carries within the part. */
function partName(field: string, part: Part, within: string): string {
  const step = typeof part === 'number' ? `[${part}]` : typeof part === 'function' ? part() : field ? `.${part}` : part;
  return `${field}${step}${within && !within.startsWith('[') ? '.' : ''}${within}`;
}

/** A list; absent or null reads as empty. */
export function list<T>(item: Shape<T>): Shape<T[]> {
  return (value, field) => {
    if (isAbsent(value)) {
      return [];
    }
    if (!Array.isArray(value)) {
      throw new ShapeError(field, 'a list', kindOf(value));
    }
    const read = new Array<T>(value.length);
    for (let index = 0; index < value.length; index++) {
      read[index] = readPart(item, value[index], field, index);
    }
    return read;
  };
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ShapeError(field, 'an object', kindOf(value));
  }
  return value as Record<string, unknown>;
}

type Fields = Record<string, Shape<unknown>>;
type Read<F extends Fields> = { [K in keyof F]: ReturnType<F[K]> };

/** An object with these fields (others are dropped); fields read as undefined are left out. */
export function record<F extends Fields>(fields: F): Shape<Read<F>> {
  const entries = Object.entries(fields);
  return (value, field) => {
    const object = requireObject(value, field);
    const read: Record<string, unknown> = {};
    for (const [name, shape] of entries) {
      const fieldValue = readPart(shape, object[name], field, name);
      if (fieldValue !== undefined) {
        read[name] = fieldValue;
      }
    }
    return read as Read<F>;
  };
}

/** A string-keyed map. */
export function map<T>(entry: Shape<T>): Shape<Record<string, T>> {
  return (value, field) => {
    const object = requireObject(value, field);
    // A key is untrusted text of any length: named (in part, quoted) only when its entry fails.
    return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, readPart(entry, item, field, () => `[${JSON.stringify(key.slice(0, 60))}]`)]));
  };
}

/** A shape defined later (recursive models: a definition comprises definitions). */
export function lazy<T>(shape: () => Shape<T>): Shape<T> {
  return (value, field) => shape()(value, field);
}
