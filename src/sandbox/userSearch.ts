/**
 * `POST /api/v2/users/search` as the SDK 262 models describe it (UsersApi.postUsersSearch: `UserSearchRequest` with
 * `UserSearchCriteria` in, `UsersSearchResponse` out). Matching is case-insensitive and does NOT fold accents: we do
 * not know that Genesys folds them, so the sandbox is the stricter of the two and the client must cope.
 */
import type { SandboxUser } from './data';
import { badRequest, invalidValue } from './http';

/** The criteria types the sandbox knows (a subset of Genesys'); another type answers 400. */
const MATCHERS: Readonly<Record<string, (field: string, value: string) => boolean>> = {
  EXACT: (field, value) => field === value,
  CONTAINS: (field, value) => field.includes(value),
  STARTS_WITH: (field, value) => field.startsWith(value),
  // A free-text query: every word of the value is somewhere in the field.
  QUERY: (field, value) =>
    value
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => field.includes(word)),
};
const SEARCHABLE_FIELDS = ['id', 'name', 'email', 'username'] as const;
type SearchableField = (typeof SEARCHABLE_FIELDS)[number];
const OPERATORS = ['AND', 'OR', 'NOT'] as const;
/** More criteria than this (nested ones included) is refused: a real search service caps query size too. */
const MAX_CRITERIA = 50;
const MAX_VALUE_LENGTH = 200;

interface Criterion {
  operator: (typeof OPERATORS)[number];
  matches: (user: SandboxUser) => boolean;
}

export interface SearchAnswer<Result> {
  total: number;
  pageCount: number;
  pageSize: number;
  pageNumber: number;
  types: string[];
  results: Result[];
  previousPage?: string;
  currentPage?: string;
  nextPage?: string;
}

/**
 * Answers a `UserSearchRequest` over `users` (in listing order), each found user as `asResult` shows it (the
 * directory's `User`), or throws the 400 Genesys would.
 */
export function searchUsers<Result>(
  users: readonly SandboxUser[],
  body: unknown,
  maxPageSize: number,
  asResult: (user: SandboxUser) => Result,
): SearchAnswer<Result> {
  const request = requireObject(body, 'body');
  const pageSize = wholeNumber(request.pageSize, 'pageSize', 25, 1, maxPageSize);
  const pageNumber = wholeNumber(request.pageNumber, 'pageNumber', 1, 1, Number.MAX_SAFE_INTEGER);
  const budget = { left: MAX_CRITERIA };
  const query = request.query === undefined ? [] : criteriaOf(request.query, 'query', budget);
  const found = users.filter((user) => satisfies(query, user));
  const start = (pageNumber - 1) * pageSize;
  const pageCount = Math.ceil(found.length / pageSize);
  const page = (n: number) => JSON.stringify({ pageSize, pageNumber: n });
  return {
    total: found.length,
    pageCount,
    pageSize,
    pageNumber,
    types: ['users'],
    results: found.slice(start, start + pageSize).map(asResult),
    ...(pageNumber > 1 && { previousPage: page(pageNumber - 1) }),
    currentPage: page(pageNumber),
    ...(pageNumber < pageCount && { nextPage: page(pageNumber + 1) }),
  };
}

/** AND criteria must all match, OR criteria (when any) at least one, NOT criteria none. */
function satisfies(criteria: readonly Criterion[], user: SandboxUser): boolean {
  const any = criteria.filter((criterion) => criterion.operator === 'OR');
  return (
    criteria.every((criterion) => criterion.operator === 'OR' || criterion.matches(user) === (criterion.operator === 'AND')) &&
    (any.length === 0 || any.some((criterion) => criterion.matches(user)))
  );
}

function criteriaOf(value: unknown, field: string, budget: { left: number }): Criterion[] {
  if (!Array.isArray(value)) {
    throw invalidValue(field, `${field} must be a list of search criteria.`);
  }
  return value.map((item, index) => criterionOf(item, `${field}[${index}]`, budget));
}

function criterionOf(value: unknown, field: string, budget: { left: number }): Criterion {
  if (--budget.left < 0) {
    throw invalidValue(field, `A search takes at most ${MAX_CRITERIA} criteria.`);
  }
  const criterion = requireObject(value, field);
  const operator = criterion.operator ?? 'AND';
  if (!OPERATORS.includes(operator as Criterion['operator'])) {
    throw invalidValue(`${field}.operator`, `Operator must be one of ${OPERATORS.join(', ')}.`);
  }
  if (criterion.type === 'MATCH_ALL') {
    return { operator: operator as Criterion['operator'], matches: () => true };
  }
  if (criterion.group !== undefined) {
    const group = criteriaOf(criterion.group, `${field}.group`, budget);
    return { operator: operator as Criterion['operator'], matches: (user) => satisfies(group, user) };
  }
  const matcher = typeof criterion.type === 'string' ? MATCHERS[criterion.type] : undefined;
  if (!matcher) {
    throw invalidValue(
      `${field}.type`,
      `Search type [${String(criterion.type)}] is not valid: use one of ${[...Object.keys(MATCHERS), 'MATCH_ALL'].join(', ')}.`,
    );
  }
  const fields = criterion.fields;
  if (!Array.isArray(fields) || fields.length === 0 || fields.some((name) => !SEARCHABLE_FIELDS.includes(name as SearchableField))) {
    throw invalidValue(`${field}.fields`, `Fields must be a non-empty list of ${SEARCHABLE_FIELDS.join(', ')}.`);
  }
  const values = criterion.values ?? (criterion.value === undefined ? undefined : [criterion.value]);
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    values.some((item) => typeof item !== 'string' || item.trim() === '' || item.length > MAX_VALUE_LENGTH)
  ) {
    throw invalidValue(`${field}.value`, `A ${criterion.type as string} search needs a value (or values) of 1 to ${MAX_VALUE_LENGTH} characters.`);
  }
  const wanted = (values as string[]).map((item) => item.toLowerCase());
  return {
    operator: operator as Criterion['operator'],
    matches: (user) => (fields as SearchableField[]).some((name) => wanted.some((item) => matcher(user[name].toLowerCase(), item))),
  };
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`The ${field === 'body' ? 'request body' : field} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

function wholeNumber(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidValue(field, `Value [${JSON.stringify(value)}] is not valid for field [${field}]: it must be a whole number between ${min} and ${max}.`);
  }
  return value;
}
