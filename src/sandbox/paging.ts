import { badRequest, invalidValue } from './http';

export interface Paging {
  pageSize: number;
  pageNumber: number;
}

export interface Page<T> extends Paging {
  entities: T[];
  total: number;
  pageCount: number;
}

const DEFAULT_PAGING: Paging = { pageSize: 25, pageNumber: 1 };

/** Reads `pageSize` and `pageNumber` (defaults 25 and 1): non-integers answer 400 bad.request, out of range 400 invalid.value. */
export function parsePaging(query: URLSearchParams, maxPageSize: number): Paging {
  return {
    pageSize: integerParameter(query, 'pageSize', DEFAULT_PAGING.pageSize, 1, maxPageSize),
    pageNumber: integerParameter(query, 'pageNumber', DEFAULT_PAGING.pageNumber, 1, Number.MAX_SAFE_INTEGER),
  };
}

function integerParameter(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = query.get(name);
  if (text === null) {
    return fallback;
  }
  if (!/^[+-]?\d+$/.test(text.trim())) {
    throw badRequest(`Value [${text}] is not valid for field [${name}]: expected an integer.`, [{ errorCode: 'bad.request', fieldName: name }]);
  }
  const value = Number(text);
  if (value < min || value > max) {
    throw invalidValue(name, `Value [${text}] is not valid for field [${name}]: it must be between ${min} and ${max}.`);
  }
  return value;
}

/** One page of `items`; only that page's items are mapped (a page of 100 000 users copies 25 of them). */
export function pageOf<T, R>(items: readonly T[], paging: Paging, toEntity: (item: T) => R): Page<R> {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return {
    entities: items.slice(start, start + paging.pageSize).map(toEntity),
    pageSize: paging.pageSize,
    pageNumber: paging.pageNumber,
    total: items.length,
    pageCount: Math.ceil(items.length / paging.pageSize),
  };
}

/** Adds the navigation URIs of a standard Genesys entity listing (which the license listing lacks). */
export function withNavigationUris<T>(page: Page<T>, path: string): Page<T> & Record<string, unknown> {
  const uri = (pageNumber: number): string => `${path}?pageSize=${page.pageSize}&pageNumber=${pageNumber}`;
  const lastPage = Math.max(page.pageCount, 1);
  return {
    ...page,
    firstUri: uri(1),
    selfUri: uri(page.pageNumber),
    ...(page.pageNumber < page.pageCount && { nextUri: uri(page.pageNumber + 1) }),
    ...(page.pageNumber > 1 && { previousUri: uri(Math.min(page.pageNumber - 1, lastPage)) }),
    lastUri: uri(lastPage),
  };
}
