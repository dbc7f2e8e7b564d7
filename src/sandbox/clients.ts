import { PERMISSION } from './catalog';
import { derivedSecret, derivedUuid } from './random';

export interface SandboxClientCredentials {
  name: string;
  clientId: string;
  clientSecret: string;
  permissions: string[];
}

export interface SandboxClients {
  /** Client credentials grant, every permission the extension can use. */
  admin: SandboxClientCredentials;
  /** Client credentials grant, view permissions only: writes answer 403. */
  readOnly: SandboxClientCredentials;
  /** Client credentials grant without any permission: everything but the permission-free operations answers 403. */
  noPermissions: SandboxClientCredentials;
  /** Public client for the authorization code grant with PKCE (no secret); its tokens carry the admin permissions. */
  browser: { clientId: string };
}

export const ADMIN_PERMISSIONS: readonly string[] = [
  PERMISSION.licenseView,
  PERMISSION.grantAdd,
  PERMISSION.userView,
  PERMISSION.roleView,
  PERMISSION.grantView,
];
const READ_ONLY_PERMISSIONS: readonly string[] = [PERMISSION.licenseView, PERMISSION.userView, PERMISSION.roleView, PERMISSION.grantView];

export const BROWSER_CLIENT_NAME = 'Sandbox Browser Login (PKCE)';

/** Client IDs and secrets are hashed from the seed, so they are stable and can be printed by the demo. */
export function sandboxClients(seed: number): SandboxClients {
  const confidential = (key: string, name: string, permissions: readonly string[]): SandboxClientCredentials => ({
    name,
    clientId: derivedUuid(`sandbox:${seed}:client:${key}`),
    clientSecret: derivedSecret(`sandbox:${seed}:secret:${key}`),
    permissions: [...permissions],
  });
  return {
    admin: confidential('admin', 'Sandbox Admin', ADMIN_PERMISSIONS),
    readOnly: confidential('readOnly', 'Sandbox Read-only', READ_ONLY_PERMISSIONS),
    noPermissions: confidential('noPermissions', 'Sandbox No Permissions', []),
    browser: { clientId: derivedUuid(`sandbox:${seed}:client:browser`) },
  };
}

export function confidentialClients(clients: SandboxClients): SandboxClientCredentials[] {
  return [clients.admin, clients.readOnly, clients.noPermissions];
}
