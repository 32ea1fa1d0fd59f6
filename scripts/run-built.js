'use strict';
// Runs a compiled command (`node scripts/run-built.js dist/cli/apikey.js …`), building the project
// first only when dist/ is missing or older than a source it is built from: `npm run -s build`
// takes 8 to 14 s, far longer than the command itself.
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
// A build (`nest build`, or the tests' incremental `tsc`) writes dist/ after reading its sources,
// so dist/ is current when its newest file is newer than every source.
const DIST = join(root, 'dist');
const INPUTS = [
  'src',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
];

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

const sources = Math.max(...INPUTS.map((p) => newest(join(root, p))));
if (!existsSync(join(DIST, 'main.js')) || newest(DIST) <= sources) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const [entry, ...args] = process.argv.slice(2);
// The command reads its arguments from process.argv.slice(2), as when started by `node <entry>`.
process.argv = [process.argv[0], resolve(root, entry), ...args];
require(resolve(root, entry));
