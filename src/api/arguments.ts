/** What the client checks in its callers' arguments before anything is sent: bad input is refused and changes nothing. */
import { GenesysApiError } from './errors';
import type { LicenseBatchAssignmentRequest } from './models';

export function requireId(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} is empty.` });
  }
  return value.trim();
}

/**
 * One path segment from an ID or name: encoded, and refused when it is `.` or `..`, which URL parsing would resolve
 * (also as `%2E`) into another endpoint (`POST /license/toggles/..` is `POST /license/`).
 */
export function pathSegment(value: string, what: string): string {
  const id = requireId(value, what);
  if (id === '.' || id === '..') {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} "${id}" would change the request's path, so it was not sent.` });
  }
  return encodeURIComponent(id);
}

export function requireStringArray(values: readonly string[], what: string): string[] {
  // Typed as strings, but callers pass what commands and other extensions hand them: checked, not trusted.
  const given: unknown = values;
  if (!Array.isArray(given) || given.some((value) => typeof value !== 'string' || value.trim() === '')) {
    throw new GenesysApiError({ kind: 'invalid-argument', message: `${what} must be a list of non-empty strings.` });
  }
  return [...new Set((given as string[]).map((value) => value.trim()))];
}

/** Checks a batch request before it is sent: bad input is refused with a message and changes nothing. */
export function validateBatchRequest(request: LicenseBatchAssignmentRequest): LicenseBatchAssignmentRequest {
  if (!request || !Array.isArray(request.assignments) || request.assignments.length === 0) {
    throw new GenesysApiError({ kind: 'invalid-argument', message: 'A batch assignment needs at least one assignment.' });
  }
  return {
    assignments: request.assignments.map((assignment, index) => {
      const where = `Assignment ${index + 1}`;
      const licenseId = requireId(assignment?.licenseId, `${where}: the license ID`);
      const userIdsAdd = requireStringArray(assignment.userIdsAdd ?? [], `${where}: the users to add`);
      const userIdsRemove = requireStringArray(assignment.userIdsRemove ?? [], `${where}: the users to remove`);
      const both = userIdsAdd.filter((id) => userIdsRemove.includes(id));
      if (both.length > 0) {
        throw new GenesysApiError({ kind: 'invalid-argument', message: `${where}: ${both.join(', ')} is both added and removed.` });
      }
      if (userIdsAdd.length + userIdsRemove.length === 0) {
        throw new GenesysApiError({ kind: 'invalid-argument', message: `${where}: no users to add or remove.` });
      }
      return { licenseId, userIdsAdd, userIdsRemove };
    }),
  };
}
