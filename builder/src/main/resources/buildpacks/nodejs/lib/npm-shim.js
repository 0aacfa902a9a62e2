#!/usr/bin/env node
// A stand-in for `npm start`, `npm test` and `npm run SCRIPT` at run time. The stack's run image
// has Node.js but not npm; the nodejs buildpack puts this file in the slug as
// /app/.paas/nodejs/bin/npm, at the END of PATH, so a real npm always wins where there is one.
// Like npm: runs the pre/post hooks, puts node_modules/.bin on PATH, `start` falls back to
// `node server.js`, extra arguments are appended, and the exit status is the script's.
'use strict';
const { spawnSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
let name = args[0];
let extra = args.slice(1);
if (name === 'run' || name === 'run-script') {
  name = extra[0];
  extra = extra.slice(1);
} else if (!['start', 'test', 'stop', 'restart'].includes(name)) {
  console.error(`npm ${args.join(' ')}: npm is not installed in the run image; only start, test, stop, restart and run SCRIPT work here`);
  process.exit(1);
}
if (extra[0] === '--') extra = extra.slice(1);

const dir = process.cwd();
let pkg;
try {
  pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
} catch (e) {
  console.error(`npm: cannot read ${path.join(dir, 'package.json')}: ${e.message}`);
  process.exit(1);
}
const scripts = pkg.scripts || {};
let main = scripts[name];
if (!main && name === 'start' && fs.existsSync(path.join(dir, 'server.js'))) main = 'node server.js';
if (!main) {
  console.error(`npm: missing script: "${name}"`);
  process.exit(1);
}
const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const env = {
  ...process.env,
  PATH: path.join(dir, 'node_modules', '.bin') + path.delimiter + (process.env.PATH || ''),
  npm_package_name: pkg.name || '',
  npm_package_version: pkg.version || '',
};
const banner = (event, cmd) => console.log(`\n> ${pkg.name || ''}@${pkg.version || ''} ${event}\n> ${cmd}\n`);

function runHook(event) {
  if (!scripts[event]) return;
  banner(event, scripts[event]);
  const r = spawnSync('sh', ['-c', scripts[event]], { stdio: 'inherit', env: { ...env, npm_lifecycle_event: event } });
  if (r.status !== 0) process.exit(r.status == null ? 1 : r.status);
}

runHook('pre' + name);
const command = extra.length ? `${main} ${extra.map(quote).join(' ')}` : main;
banner(name, command);
const child = spawn('sh', ['-c', command], { stdio: 'inherit', env: { ...env, npm_lifecycle_event: name } });
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(sig, () => child.kill(sig));
}
child.on('exit', (code, signal) => {
  if (code === 0) runHook('post' + name);
  process.exit(code == null ? 128 + (signal === 'SIGKILL' ? 9 : 15) : code);
});
