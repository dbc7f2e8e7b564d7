// Runs `npm ci` when node_modules is missing or older than package-lock.json (wired as prestart/pretest),
// so a fresh clone needs only `npm test`. Plain JavaScript: it runs before anything is installed or compiled.
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const repoRoot = path.resolve(__dirname, '..', '..');
const modifiedAt = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1);
const installedLock = modifiedAt(path.join(repoRoot, 'node_modules', '.package-lock.json'));

if (installedLock < 0 || modifiedAt(path.join(repoRoot, 'package-lock.json')) > installedLock) {
  console.log('[bootstrap] node_modules missing or out of date: npm ci');
  const npm = spawnSync('npm', ['ci'], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(npm.status ?? 1);
}
