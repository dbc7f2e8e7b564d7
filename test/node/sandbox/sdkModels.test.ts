import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import platformClient from 'purecloud-platform-client-v2';
import type { EmptyFields, Sandbox } from '../../../src/sandbox';
import { useSandbox } from './helpers';

/**
 * The official SDK (purecloud-platform-client-v2 262) calls every License API operation, and the directory and token
 * operations the extension uses, against the sandbox; each answer is checked against the model the SDK declares for
 * it in its index.d.ts: every required field present, every field of the declared type, no field the model lacks.
 */

interface ModelField {
  type: string;
  required: boolean;
}

/** `declare namespace Models { export interface X { "field"?: Type; … } }`, read from the SDK's own declarations. */
function sdkModels(): Map<string, Map<string, ModelField>> {
  const declarations = fs.readFileSync(require.resolve('purecloud-platform-client-v2/index.d.ts'), 'utf8');
  const namespace = declarations.slice(declarations.indexOf('declare namespace Models {'));
  const models = new Map<string, Map<string, ModelField>>();
  for (const match of namespace.matchAll(/export interface (\w+) \{\s*\n([\s\S]*?)\n\t\}/g)) {
    const fields = new Map<string, ModelField>();
    for (const line of match[2].split('\n')) {
      const field = /^\s*"([^"]+)"(\?)?: (.+);$/.exec(line);
      if (field) {
        fields.set(field[1], { type: field[3], required: field[2] !== '?' });
      }
    }
    models.set(match[1], fields);
  }
  return models;
}

const MODELS = sdkModels();

/** Every way `value` differs from the SDK type `type` (as written in index.d.ts), each with its path. */
function problemsOf(value: unknown, type: string, path: string): string[] {
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    return Array.isArray(value) ? value.flatMap((item, index) => problemsOf(item, array[1], `${path}[${index}]`)) : [`${path}: not an array`];
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return [`${path}: not a map`];
    }
    return Object.entries(value).flatMap(([key, item]) => problemsOf(item, map[1], `${path}.${key}`));
  }
  const model = /^Models\.(\w+)$/.exec(type);
  if (model) {
    const fields = MODELS.get(model[1]);
    assert.ok(fields, `the SDK declares no model ${model[1]}`);
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return [`${path}: not a ${model[1]} object`];
    }
    const record = value as Record<string, unknown>;
    return [
      ...[...fields]
        .filter(([name, field]) => field.required && (record[name] === undefined || record[name] === null))
        .map(([name]) => `${path}.${name}: required by ${model[1]} but missing`),
      ...Object.entries(record).flatMap(([name, item]) => {
        const field = fields.get(name);
        return field ? problemsOf(item, field.type, `${path}.${name}`) : [`${path}.${name}: not a field of ${model[1]}`];
      }),
    ];
  }
  if (type === 'object') {
    return value && typeof value === 'object' ? [] : [`${path}: not an object`];
  }
  if (['string', 'number', 'boolean'].includes(type)) {
    return typeof value === type ? [] : [`${path}: ${JSON.stringify(value)} is not a ${type}`];
  }
  throw new Error(`${path}: the check does not know the SDK type ${type}`);
}

interface ExtendedResponse {
  status: number;
  body: unknown;
}

function expectModel(answer: ExtendedResponse, type: string, what: string): void {
  assert.equal(answer.status, 200, what);
  assert.deepEqual(problemsOf(answer.body, type, what), [], `${what} does not fit the SDK's ${type}`);
}

for (const emptyFields of ['omitted', 'present'] as EmptyFields[]) {
  describe(`The official SDK against the sandbox (empty fields ${emptyFields}): every answer fits its model`, () => {
    const sandbox = useSandbox({ userCount: 150, seed: 13, emptyFields });
    const apiClient = platformClient.ApiClient.instance;

    before(async () => {
      // The SDK's documented singleton; its config file watcher off, every answer returned with its status.
      apiClient.config.live_reload_config = false;
      apiClient.setReturnExtendedResponses(true);
      const { hostname, port } = new URL(sandbox().url);
      apiClient.setGateway({ host: hostname, protocol: 'http', port: Number(port), path_params_login: '', path_params_api: '' });
      await apiClient.loginClientCredentialsGrant(sandbox().clients.admin.clientId, sandbox().clients.admin.clientSecret);
    });
    after(() => apiClient.setReturnExtendedResponses(false));

    const call = <T>(promise: Promise<T>): Promise<ExtendedResponse> => promise as unknown as Promise<ExtendedResponse>;
    const licensed = () => sandbox().org.users.find((user) => user.licenses.length >= 2) as Sandbox['org']['users'][number];
    const unlicensed = () => sandbox().org.users.find((user) => user.licenses.length === 0) as Sandbox['org']['users'][number];

    it('the definitions, one definition, and the deprecated toggles', async () => {
      const license = new platformClient.LicenseApi();
      expectModel(await call(license.getLicenseDefinitions()), 'Array<Models.LicenseDefinition>', 'getLicenseDefinitions');
      expectModel(await call(license.getLicenseDefinition('cloudCX4')), 'Models.LicenseDefinition', 'getLicenseDefinition');
      expectModel(await call(license.getLicenseToggle('conversationRecording')), 'Models.LicenseOrgToggle', 'getLicenseToggle');
      expectModel(await call(license.postLicenseToggle('conversationRecording')), 'Models.LicenseOrgToggle', 'postLicenseToggle');
    });

    it("a user's licenses, the paged listing (first page, last page, past the end) and the batch read", async () => {
      const license = new platformClient.LicenseApi();
      for (const user of [licensed(), unlicensed()]) {
        expectModel(await call(license.getLicenseUser(user.id)), 'Models.LicenseUser', `getLicenseUser(${user.licenses.length} licenses)`);
      }
      for (const pageNumber of [1, 2, 3]) {
        expectModel(
          await call(license.getLicenseUsers({ pageSize: 100, pageNumber })),
          'Models.UserLicensesEntityListing',
          `getLicenseUsers page ${pageNumber}`,
        );
      }
      const batch = await call(license.postLicenseUsers({ body: [licensed().id, unlicensed().id, 'unknown-user'] }));
      expectModel(batch, '{ [key: string]: object; }', 'postLicenseUsers');
      // The SDK leaves the map's values open; every value the sandbox sends is a UserLicenses.
      expectModel(batch, '{ [key: string]: Models.UserLicenses; }', 'postLicenseUsers values');
    });

    it('inference from roles and permissions, and a batch assignment', async () => {
      const license = new platformClient.LicenseApi();
      const role = sandbox().org.roles.find((candidate) => candidate.name === 'Agent');
      assert.ok(role);
      expectModel(await call(license.postLicenseInfer({ body: [role.id] })), 'Array<string>', 'postLicenseInfer');
      expectModel(await call(license.postLicenseInferPermissions({ body: ['routing:queue:view'] })), 'Array<string>', 'postLicenseInferPermissions');
      const user = unlicensed();
      const body = { assignments: [{ licenseId: 'communicate', userIdsAdd: [user.id], userIdsRemove: [] }] };
      expectModel(await call(license.postLicenseOrganization({ body })), 'Array<Models.LicenseUpdateStatus>', 'postLicenseOrganization');
      await license.postLicenseOrganization({ body: { assignments: [{ licenseId: 'communicate', userIdsAdd: [], userIdsRemove: [user.id] }] } });
    });

    it('the token, the directory users and the roles the extension reads', async () => {
      expectModel(await call(new platformClient.TokensApi().getTokensMe()), 'Models.TokenInfo', 'getTokensMe');
      expectModel(await call(new platformClient.UsersApi().getUsers({ id: [licensed().id, unlicensed().id] })), 'Models.UserEntityListing', 'getUsers');
      expectModel(
        await call(new platformClient.AuthorizationApi().getAuthorizationRoles({ pageSize: 100 })),
        'Models.OrganizationRoleEntityListing',
        'getAuthorizationRoles',
      );
    });

    it("a user's grants, roles by ID, a user with roles and groups, and groups: what explains a user's licenses", async () => {
      const authorization = new platformClient.AuthorizationApi();
      const { cases, groups } = sandbox().org.authorization;
      for (const userId of [cases.heldAndImplied as string, cases.heldNotImplied as string]) {
        expectModel(await call(authorization.getAuthorizationSubject(userId, { includeDuplicates: true })), 'Models.AuthzSubject', 'getAuthorizationSubject');
        expectModel(await call(new platformClient.UsersApi().getUser(userId, { expand: ['authorization', 'groups'] })), 'Models.User', 'getUser with expand');
      }
      expectModel(await call(authorization.getAuthorizationSubject(groups[0].id)), 'Models.AuthzSubject', 'getAuthorizationSubject of a group');
      const role = sandbox().org.roles[0];
      expectModel(await call(authorization.getAuthorizationRole(role.id)), 'Models.DomainOrganizationRole', 'getAuthorizationRole');
      expectModel(await call(authorization.getAuthorizationRoles({ id: [role.id] })), 'Models.OrganizationRoleEntityListing', 'getAuthorizationRoles by ID');
      expectModel(await call(new platformClient.GroupsApi().getGroups({ id: groups.map((group) => group.id) })), 'Models.GroupEntityListing', 'getGroups');
    });

    it('a user search by name (UsersApi.postUsersSearch), its last page, and a query type it refuses', async () => {
      const users = new platformClient.UsersApi();
      const word = sandbox().org.users[sandbox().org.users.length - 1].email.split('.')[0];
      const body = { pageSize: 2, pageNumber: 1, query: [{ type: 'CONTAINS', fields: ['name', 'email'], value: word }] };
      const first = await call(users.postUsersSearch(body));
      expectModel(first, 'Models.UsersSearchResponse', 'postUsersSearch');
      const { pageCount } = first.body as { pageCount: number };
      expectModel(await call(users.postUsersSearch({ ...body, pageNumber: pageCount })), 'Models.UsersSearchResponse', 'postUsersSearch last page');
      const refusal = (await users.postUsersSearch({ query: [{ type: 'SOUNDS_LIKE', fields: ['name'], value: word }] }).then(
        () => assert.fail('an unknown query type was accepted'),
        (error: unknown) => error,
      )) as ExtendedResponse;
      assert.equal(refusal.status, 400);
      assert.deepEqual(problemsOf(refusal.body, 'Models.ErrorBody', 'error'), []);
    });

    it("a page size above 100 is refused with Genesys' 400 ErrorBody", async () => {
      const refusal = (await new platformClient.LicenseApi().getLicenseUsers({ pageSize: 101 }).then(
        () => assert.fail('a page of 101 was accepted'),
        (error: unknown) => error,
      )) as ExtendedResponse;
      assert.equal(refusal.status, 400);
      assert.deepEqual(problemsOf(refusal.body, 'Models.ErrorBody', 'error'), []);
      assert.equal((refusal.body as { details: { fieldName: string }[] }).details[0].fieldName, 'pageSize');
    });
  });
}
