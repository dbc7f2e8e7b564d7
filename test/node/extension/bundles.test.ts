// The built extension (dist/, from `npm run build`): activation's bundle, and each command family's bundle loaded
// on first use. Loaded here under a stand-in for `vscode`, as the extension host would load them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type CommandId, LazyCommandFamilies } from '../../../src/core/commandIds';
import type * as api from '../../../src/api';
import { startSandbox } from '../../../src/sandbox';
import { standInForVscode } from '../../vscodeStandIn';

const dist = path.join(__dirname, '../../../../dist');
const mainBundle = path.join(dist, 'extension.js');

describe('the built bundles', () => {
  let restoreLoading: () => void;
  const builtFiles = () => Object.keys(require.cache).filter((file) => file.startsWith(dist));

  before(() => {
    restoreLoading = standInForVscode();
    builtFiles().forEach((file) => delete require.cache[file]);
  });
  after(() => {
    restoreLoading();
    builtFiles().forEach((file) => delete require.cache[file]);
  });

  it('load activation without any command family', () => {
    const main = require(mainBundle) as { activate?: unknown; familyModules?: Record<string, object> };
    assert.strictEqual(typeof main.activate, 'function');
    assert.deepStrictEqual(builtFiles(), [mainBundle], 'activation loaded more than its own bundle');
    assert.ok(Object.keys(main.familyModules ?? {}).length > 0, 'activation shares no module with the families');
  });

  it('are one bundle per lazily loaded family, named as src/core/commandIds.ts names them', () => {
    const built = fs.readdirSync(path.join(dist, 'families')).filter((file) => file.endsWith('.js'));
    assert.deepStrictEqual(
      built.sort(),
      Object.keys(LazyCommandFamilies)
        .map((family) => `${family}.js`)
        .sort(),
    );
  });

  it('register exactly the commands their list gives, taking shared modules from the loaded activation bundle', () => {
    require(mainBundle);
    for (const [family, ids] of Object.entries(LazyCommandFamilies)) {
      const exported = require(path.join(dist, 'families', `${family}.js`)) as Record<string, unknown>;
      const register = Object.entries(exported).find(([name]) => /^register\w+Commands$/.test(name))?.[1] as ((...args: unknown[]) => unknown) | undefined;
      assert.ok(register, `${family}.js exports no register…Commands function`);
      const registered: CommandId[] = [];
      const registrar = { register: (id: CommandId) => void registered.push(id), report: () => Promise.resolve() };
      register(registrar, {}, {}, {}, {});
      assert.deepStrictEqual(registered.sort(), [...ids].sort(), `the ${family} family`);
    }
    // A family that required a second copy of activation's bundle would hold classes of its own.
    assert.deepStrictEqual(
      builtFiles().filter((file) => file === mainBundle),
      [mainBundle],
    );
  });

  it('hold each source module once, so each class exists once (instanceof holds across bundles)', () => {
    const maps = [
      mainBundle,
      ...fs
        .readdirSync(path.join(dist, 'families'))
        .filter((file) => file.endsWith('.js'))
        .map((file) => path.join(dist, 'families', file)),
    ];
    const holders = new Map<string, string[]>();
    for (const bundle of maps) {
      assert.ok(fs.existsSync(`${bundle}.map`), `${bundle}.map is missing: the source maps come with a development build (npm run build)`);
      const { sources } = JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] };
      // A family's imports from activation show as "main-bundle:<module>": a lookup, not a copy.
      for (const source of sources.filter((name) => !name.startsWith('main-bundle:')).map((name) => path.resolve(path.dirname(bundle), name))) {
        holders.set(source, [...(holders.get(source) ?? []), path.basename(bundle)]);
      }
    }
    assert.ok(holders.has(path.join(dist, '../src/api/errors.ts')), 'the source maps name no src/api/errors.ts: is dist/ a development build?');
    const twice = [...holders].filter(([, bundles]) => bundles.length > 1);
    assert.deepStrictEqual(twice, []);
  });

  it('read the org through activation’s client', async () => {
    const sandbox = await startSandbox({ userCount: 5 });
    try {
      const { familyModules } = require(mainBundle) as { familyModules: Record<string, typeof api> };
      const { clientId, clientSecret } = sandbox.clients.admin;
      const client = familyModules['src/api/index.ts'].createLicenseClient({ environment: sandbox.url, credentials: { clientId, clientSecret } });
      const definitions = await client.listDefinitions();
      assert.deepStrictEqual(
        definitions.map((definition) => definition.id),
        sandbox.org.definitions.map((definition) => definition.id),
      );
    } finally {
      await sandbox.close();
    }
  });
});
