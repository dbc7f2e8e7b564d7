import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CommandIds } from '../../../src/core/commandIds';

interface Contributes {
  commands: { command: string }[];
  menus: Record<string, { command?: string; submenu?: string }[]>;
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as { contributes: Contributes };

describe('Command IDs', () => {
  it('are exactly the commands package.json contributes', () => {
    const contributed = manifest.contributes.commands.map((entry) => entry.command).sort();
    assert.deepEqual(Object.values(CommandIds).sort(), contributed);
  });

  it('every menu entry names a known command', () => {
    const known = new Set<string>(Object.values(CommandIds));
    const unknown = Object.entries(manifest.contributes.menus).flatMap(([menu, entries]) =>
      entries.filter((entry) => entry.command !== undefined && !known.has(entry.command)).map((entry) => `${menu}: ${entry.command}`),
    );
    assert.deepEqual(unknown, []);
  });
});
