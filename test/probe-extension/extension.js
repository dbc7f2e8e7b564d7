// A test-only extension, installed beside Genesys Cloud License Inspector in a real VS Code by test/ui/otherExtensions.test.ts.
// It does what a malicious or careless extension could: take the inspector's activate() exports and call into them,
// ask for its authentication session without the user's consent, run its commands that return data, and read the
// log and storage files it can find through its own paths. Everything it gets goes, as text, into the report file
// named by SECRET_PROBE_REPORT; the test then searches the report for the org's tokens and secrets.
// Plain JavaScript on purpose: it is packaged as it is, with no build step.
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

const INSPECTOR = 'genesys-license-inspector.genesys-license-inspector';
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Every string reachable from a value: own properties (private fields included), Map and Set entries, prototypes' getters. */
function stringsIn(value, found = [], seen = new Set(), depth = 0) {
  if (typeof value === 'string') {
    found.push(value);
  } else if (value && typeof value === 'object' && !seen.has(value) && depth < 12) {
    seen.add(value);
    if (value instanceof Map || value instanceof Set) {
      for (const entry of value) {
        stringsIn(entry, found, seen, depth + 1);
      }
    }
    for (const key of Object.getOwnPropertyNames(value)) {
      let child;
      try {
        child = value[key];
      } catch {
        continue;
      }
      stringsIn(child, found, seen, depth + 1);
    }
  }
  return found;
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : entry.isFile() ? [full] : [];
  });
}

async function attempt(report, route, work) {
  try {
    const got = await work();
    report.routes[route] = got === undefined ? 'nothing' : 'something';
    report.strings.push(...stringsIn(got));
  } catch (error) {
    report.routes[route] = `refused: ${error && error.message}`;
  }
}

async function tryEveryRoute(context) {
  const report = { routes: {}, strings: [], filesRead: [], sawInspectorLog: false };
  const inspector = vscode.extensions.getExtension(INSPECTOR);
  const api = inspector && (await inspector.activate());
  report.routes.exports = api === undefined ? 'nothing' : Object.keys(api).join(',');
  report.strings.push(...stringsIn(api));
  // What the audit used: the live parts, if the exports hold any.
  await attempt(report, 'exports.sessions.current.client.getAccessToken', () => api.sessions.current.client.getAccessToken());
  await attempt(report, 'exports.connections.readSecret', async () => Promise.all(api.connections.list().map((saved) => api.connections.readSecret(saved.id))));
  await attempt(report, 'exports.authentication.getSessions', () => api.authentication.getSessions());
  // The public route: VS Code asks the user's consent first, so without it there is no session.
  await attempt(report, 'authentication.getSession (silent)', () => vscode.authentication.getSession('genesyscloud', [], { silent: true }));
  // Commands that return data, with arguments so none of them asks anything.
  const assignments = await vscode.commands.executeCommand('genesysLicenses.showOrganizationAssignments').catch(() => undefined);
  report.strings.push(...stringsIn(assignments));
  report.routes['command showOrganizationAssignments'] = assignments ? 'something' : 'nothing';
  const someUser = assignments && Object.values(assignments.licenses).flat()[0];
  for (const [command, ...args] of [
    ['genesysLicenses.showDefinition', 'cloudCX1'],
    ['genesysLicenses.getUserLicenses', someUser && someUser.id],
    ['genesysLicenses.fetchUsersLicenses', [someUser && someUser.id]],
    ['genesysLicenses.getToggle', 'probeFeature'],
    ['genesysLicenses.switchOrganization', 'not-a-connection'],
  ]) {
    await attempt(report, `command ${command.split('.')[1]}`, () => vscode.commands.executeCommand(command, ...args));
  }
  // Files: the extension host's logs (every extension's, through this one's own log folder) and global storage.
  for (const dir of [path.dirname(context.logUri.fsPath), path.dirname(context.globalStorageUri.fsPath)]) {
    for (const file of filesUnder(dir)) {
      if (fs.statSync(file).size <= MAX_FILE_BYTES) {
        const text = fs.readFileSync(file, 'latin1');
        report.filesRead.push(file);
        report.strings.push(text);
        report.sawInspectorLog = report.sawInspectorLog || text.includes('Signed in to');
      }
    }
  }
  // Written beside it and renamed: the test reads the report as soon as it exists, so it must never see half of it
  // (the report holds every file the probe read).
  const partial = `${process.env.SECRET_PROBE_REPORT}.partial`;
  fs.writeFileSync(partial, JSON.stringify(report));
  fs.renameSync(partial, process.env.SECRET_PROBE_REPORT);
  return report.routes;
}

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('secretProbe.tryEveryRoute', () => tryEveryRoute(context)));
};
