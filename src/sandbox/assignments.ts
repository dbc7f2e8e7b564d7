import type { LicenseAssignmentRequest, LicenseBatchAssignmentRequest, LicenseUpdateStatus } from '../api/models';
import type { SandboxOrg } from './data';
import { badRequest, invalidValue } from './http';

/** Checks the shape of a `LicenseBatchAssignmentRequest`; a violation answers 400 naming the field. */
export function parseBatchRequest(body: unknown): LicenseBatchAssignmentRequest {
  if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
    throw badRequest('The request body must be a LicenseBatchAssignmentRequest object.');
  }
  const assignments = (body as { assignments?: unknown } | undefined)?.assignments;
  if (!Array.isArray(assignments)) {
    throw invalidValue('assignments', 'assignments is required and must be an array.');
  }
  return { assignments: assignments.map((assignment, index) => parseAssignment(assignment, `assignments[${index}]`)) };
}

function parseAssignment(value: unknown, field: string): LicenseAssignmentRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(field, `${field} must be a LicenseAssignmentRequest object.`);
  }
  const { licenseId, userIdsAdd, userIdsRemove } = value as Record<string, unknown>;
  if (typeof licenseId !== 'string' || licenseId === '') {
    throw invalidValue(`${field}.licenseId`, `${field}.licenseId is required and must be a non-empty string.`);
  }
  return {
    licenseId,
    userIdsAdd: uniqueUserIds(userIdsAdd, `${field}.userIdsAdd`),
    userIdsRemove: uniqueUserIds(userIdsRemove, `${field}.userIdsRemove`),
  };
}

function uniqueUserIds(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidValue(field, `${field} is required and must be an array of user IDs.`);
  }
  if (new Set(value).size !== value.length) {
    throw invalidValue(field, `${field} must not repeat a user ID.`);
  }
  return value;
}

/**
 * Applies a batch and reports one row per user per assignment, adds before removes within an
 * assignment. A prerequisite counts as met when the user holds it (directly or inside a license
 * that comprises it) or when the same request adds it to that user.
 */
export function applyBatch(org: SandboxOrg, request: LicenseBatchAssignmentRequest): LicenseUpdateStatus[] {
  const addedByRequest = new Map<string, string[]>();
  for (const { licenseId, userIdsAdd } of request.assignments) {
    for (const userId of userIdsAdd) {
      addedByRequest.set(userId, [...(addedByRequest.get(userId) ?? []), licenseId]);
    }
  }

  const rows: LicenseUpdateStatus[] = [];
  for (const { licenseId, userIdsAdd, userIdsRemove } of request.assignments) {
    const licenseKnown = org.definitionById(licenseId) !== undefined;
    const outcome = (userId: string, change: (licenses: string[]) => string): void => {
      const user = org.userById(userId);
      const result = !licenseKnown ? 'Failed: license not found' : !user ? 'Failed: user not found' : change(user.licenses);
      rows.push({ userId, licenseId, result });
    };
    for (const userId of userIdsAdd) {
      outcome(userId, (licenses) => {
        const missing = org.missingPrerequisites(licenseId, [...licenses, ...(addedByRequest.get(userId) ?? [])]);
        if (missing.length > 0) {
          return `Failed: missing prerequisite license(s) ${missing.join(', ')}`;
        }
        if (!licenses.includes(licenseId)) {
          licenses.push(licenseId);
        }
        return 'Success';
      });
    }
    for (const userId of userIdsRemove) {
      outcome(userId, (licenses) => {
        const index = licenses.indexOf(licenseId);
        if (index >= 0) {
          licenses.splice(index, 1);
        }
        return 'Success';
      });
    }
  }
  return rows;
}
