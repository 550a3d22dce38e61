#!/usr/bin/env node
// `npm run demo`: starts the api and the worker with the embedded defaults (Postgres and Redis on this
// machine, LanceDB under ./data, offline answering) and prints where everything is. Ctrl-C stops both.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// The built config library reads and validates the environment, as the processes themselves will.
const { loadConfig } = require(path.join(root, 'dist/apps/api/libs/config/src'));
const config = loadConfig('cli');
const dataDir = config.dataDir;
const port = String(config.http.port);
const baseUrl = config.http.publicUrl;

function adminToken() {
  if (config.adminToken) return config.adminToken;
  // Kept under the data directory so a second demo run prints the same token.
  const file = path.join(dataDir, 'admin-token');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

// Children inherit this environment, plus the admin token the demo generated.
const extraEnv = { SWITCHBOARD_ADMIN_TOKEN: adminToken() };
const children = [];

function start(name, script, childEnv = {}) {
  const child = spawn(process.execPath, [path.join(root, script)], {
    env: Object.assign(Object.create(null), process.env, extraEnv, childEnv),
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    console.error(`[demo] ${name} exited (${signal || code}); stopping`);
    shutdown(code || 1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

async function waitForReady(url, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main() {
  // The api runs migrations first; the worker waits for it so they never race on an empty database.
  start('api', 'dist/apps/api/apps/api/src/main.js');
  if (!(await waitForReady(`http://127.0.0.1:${port}/ready`, 120_000))) {
    console.error('[demo] the api did not become ready within 2 minutes');
    return shutdown(1);
  }
  start('worker', 'dist/apps/worker/apps/worker/src/main.js', { DATABASE_MIGRATIONS_RUN: 'false' });
  const lines = [
    '',
    'Switchboard is running.',
    `  API:           ${baseUrl}   (ready: ${baseUrl}/ready)`,
    `  API docs:      ${baseUrl}/docs`,
    `  Metrics:       ${baseUrl}/metrics`,
    `  Admin token:   ${extraEnv.SWITCHBOARD_ADMIN_TOKEN}`,
    '',
    'Create a workspace:',
    `  curl -s -X POST ${baseUrl}/v1/workspaces -H "Authorization: Bearer ${extraEnv.SWITCHBOARD_ADMIN_TOKEN}" \\`,
    `       -H 'Content-Type: application/json' -d '{"name":"My company"}'`,
    '',
    'Press Ctrl-C to stop.',
  ];
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  shutdown(1);
});
