/**
 * Finding users by name with the directory's search, `POST /api/v2/users/search` (SDK 262 UsersApi.postUsersSearch:
 * `UserSearchRequest` with `UserSearchCriteria`, answered by `UsersSearchResponse`).
 */
import type { DirectoryUser } from './models';

/** Users per search page: the most Genesys' listings accept. */
export const SEARCH_PAGE_SIZE = 100;

export interface UsersSearchRequest {
  /** What a person typed: every word must appear in the name or the email. */
  text: string;
  pageNumber?: number;
  signal?: AbortSignal;
}

export interface UsersSearchPage {
  users: DirectoryUser[];
  total: number;
  pageCount: number;
  pageNumber: number;
}

/** The plain-letter spelling of a word, without accents, strokes or ligatures where NFKD alone can tell. */
function withoutMarks(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/**
 * One CONTAINS criterion per typed word on name and email (all must match). A word typed with accents is also asked
 * without them, so "Zoë" finds an email spelt "zoe". The other direction ("yilmaz" → "Yılmaz") the directory may not
 * fold: the email often carries the plain spelling, and callers re-check what comes back with our own folding.
 */
export function userSearchBody(
  text: string,
  pageNumber: number,
): { pageSize: number; pageNumber: number; query: { type: string; fields: string[]; values: string[] }[] } {
  const words = text.trim().split(/\s+/).filter(Boolean).slice(0, 10);
  return {
    pageSize: SEARCH_PAGE_SIZE,
    pageNumber,
    query: words.map((word) => ({ type: 'CONTAINS', fields: ['name', 'email'], values: [...new Set([word, withoutMarks(word)])] })),
  };
}
