import type {
  AddressableEntityUser,
  LicenseDefinition,
  LicenseOrganization,
  LicenseOrgToggle,
  LicenseUser,
  UserLicenses,
  UserLicensesEntityListing,
} from '../api/models';
import { applyBatch, parseBatchRequest } from './assignments';
import { inferFromRoles, licensesGranting } from './authorization';
import { PERMISSION } from './catalog';
import type { SandboxConfig } from './config';
import { definitionUri, licenseUserUri, SandboxOrg, SandboxUser } from './data';
import { badRequest, invalidValue, jsonResponse, notFound } from './http';
import { pageOf, parsePaging } from './paging';
import type { Route } from './router';

/** "ANY of" these, the permission set of every license read operation (SDK 262 docs). */
const LICENSE_READ = [PERMISSION.licenseView, PERMISSION.grantAdd];
/** The removed GET organization listed these in the 2018 swagger. */
const LEGACY_ORGANIZATION_READ = ['admin', 'role_manager', PERMISSION.grantAdd];

/** The License API, every operation of the API reference §1.1 (the removed one behind a switch). */
export function licenseRoutes(org: SandboxOrg, config: SandboxConfig): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v2/license/definitions',
      auth: 'bearer',
      anyOfPermissions: LICENSE_READ,
      handle: () => jsonResponse(org.definitions),
    },
    {
      method: 'GET',
      path: '/api/v2/license/definitions/{licenseId}',
      auth: 'bearer',
      anyOfPermissions: LICENSE_READ,
      handle: ({ params }) => jsonResponse(requireDefinition(org, params.licenseId)),
    },
    {
      method: 'GET',
      path: '/api/v2/license/toggles/{featureName}',
      auth: 'bearer',
      handle: ({ params }) => jsonResponse(readToggle(org, config, params.featureName)),
    },
    {
      method: 'POST',
      path: '/api/v2/license/toggles/{featureName}',
      auth: 'bearer',
      handle: ({ params }) => {
        if (config.toggles === 'stateful') {
          org.toggles[params.featureName] = !readToggle(org, config, params.featureName).enabled;
        }
        return jsonResponse(readToggle(org, config, params.featureName));
      },
    },
    {
      method: 'GET',
      path: '/api/v2/license/users/{userId}',
      auth: 'bearer',
      anyOfPermissions: LICENSE_READ,
      handle: ({ params }) => jsonResponse(licenseUser(org, requireUser(org, params.userId))),
    },
    {
      // The docs name no permission for the paged list, so none is checked.
      method: 'GET',
      path: '/api/v2/license/users',
      auth: 'bearer',
      handle: ({ url }) => {
        const listing: UserLicensesEntityListing = pageOf(org.users, parsePaging(url.searchParams, config.maxPageSize), userLicenses);
        return jsonResponse(listing);
      },
    },
    {
      method: 'POST',
      path: '/api/v2/license/users',
      auth: 'bearer',
      anyOfPermissions: LICENSE_READ,
      body: 'json',
      handle: ({ body }) => {
        const found = stringArrayBody(body).flatMap((id) => org.userById(id) ?? []);
        return jsonResponse(Object.fromEntries(found.map((user) => [user.id, userLicenses(user)])));
      },
    },
    {
      method: 'POST',
      path: '/api/v2/license/infer',
      auth: 'bearer',
      body: 'json',
      handle: ({ body }) => {
        const roles = stringArrayBody(body).flatMap((id) => org.roleById(id) ?? []);
        return jsonResponse(inferFromRoles(org.definitions, roles));
      },
    },
    {
      method: 'POST',
      path: '/api/v2/license/infer/permissions',
      auth: 'bearer',
      anyOfPermissions: LICENSE_READ,
      body: 'json',
      handle: ({ body }) => jsonResponse(licensesGranting(org.definitions, stringArrayBody(body))),
    },
    {
      method: 'POST',
      path: '/api/v2/license/organization',
      auth: 'bearer',
      anyOfPermissions: [PERMISSION.grantAdd],
      body: 'json',
      handle: ({ body }) => jsonResponse(applyBatch(org, parseBatchRequest(body))),
    },
    {
      method: 'GET',
      path: '/api/v2/license/organization',
      auth: 'bearer',
      anyOfPermissions: LEGACY_ORGANIZATION_READ,
      isAvailable: () => config.legacyOrganizationEndpoint,
      handle: () => jsonResponse(legacyOrganization(org)),
    },
  ];
}

function requireDefinition(org: SandboxOrg, licenseId: string): LicenseDefinition {
  const definition = org.definitionById(licenseId);
  if (!definition) {
    throw notFound(`License definition ${licenseId} not found.`);
  }
  return definition;
}

function requireUser(org: SandboxOrg, userId: string): SandboxUser {
  const user = org.userById(userId);
  if (!user) {
    throw notFound(`User ${userId} not found.`);
  }
  return user;
}

function readToggle(org: SandboxOrg, config: SandboxConfig, featureName: string): LicenseOrgToggle {
  // Genesys documents the deprecated toggles as always enabled.
  return { featureName, enabled: config.toggles === 'deprecated' || org.toggles[featureName] === true };
}

function userLicenses(user: SandboxUser): UserLicenses {
  return { id: user.id, licenses: [...user.licenses], selfUri: licenseUserUri(user.id) };
}

function licenseUser(org: SandboxOrg, user: SandboxUser): LicenseUser {
  return {
    id: user.id,
    licenses: user.licenses.map((id) => org.definitionById(id) ?? { id, selfUri: definitionUri(id) }),
    selfUri: licenseUserUri(user.id),
  };
}

/** The optional array-of-strings bodies: absent means empty. */
function stringArrayBody(body: unknown): string[] {
  if (body === undefined) {
    return [];
  }
  if (!Array.isArray(body)) {
    throw badRequest('The request body must be a JSON array of strings.');
  }
  const wrong = body.findIndex((item) => typeof item !== 'string');
  if (wrong >= 0) {
    throw invalidValue(`[${wrong}]`, `Item ${wrong} of the request body must be a string.`);
  }
  return body as string[];
}

function legacyOrganization(org: SandboxOrg): LicenseOrganization {
  const holders = new Map<string, AddressableEntityUser[]>(org.definitions.flatMap((definition) => (definition.id ? [[definition.id, []]] : [])));
  for (const user of org.users) {
    for (const licenseId of user.licenses) {
      const list = holders.get(licenseId) ?? [];
      holders.set(licenseId, list);
      list.push({ id: user.id, selfUri: `/api/v2/users/${user.id}` });
    }
  }
  return { id: org.id, name: org.name, licenses: Object.fromEntries(holders), selfUri: '/api/v2/license/organization' };
}
