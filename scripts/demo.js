#!/usr/bin/env node
// `npm run demo`: starts the api and the worker with the embedded defaults (Postgres and Redis on this
// machine, LanceDB under ./data, offline answering), seeds the fictional Northwind Bikes (workspace, widget
// inbox, console agent, help centre from examples/help-centre), starts Northwind's own orders API
// (examples/northwind-api, the demo's data) and declares the actions that call it, serves examples/demo-site on its
// own origin with the widget embedded (the demo customer signed in), and prints where everything is. Ctrl-C stops
// everything it started.
'use strict';
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { seedDemo } = require('./demo-seed');
const { createProgressLine, openChildLog, ordersApiLines, tailOfFile } = require('./demo-output');
const { startNorthwindApi, withBookingWindowAfter } = require('../examples/northwind-api/server');
const demoOrders = require('../examples/northwind-api/demo-data.json');

const root = path.resolve(__dirname, '..');
// The built config library reads and validates the environment, as the processes themselves will.
const { loadConfig } = require(path.join(root, 'dist/apps/api/libs/config/src'));
const config = loadConfig('cli');
const dataDir = config.dataDir;
const port = String(config.http.port);
const baseUrl = config.http.publicUrl;
const localApiUrl = `http://127.0.0.1:${port}`;

const sitePort = demoSitePort(config.demo.sitePort);
const siteUrl = `http://127.0.0.1:${sitePort}/`;
const siteOrigins = [`http://127.0.0.1:${sitePort}`, `http://localhost:${sitePort}`];
const sitePage = path.join(root, 'examples/demo-site/index.html');
const helpCentreDir = path.join(root, 'examples/help-centre');

function demoSitePort(value) {
  if (String(value) === String(port)) {
    console.error(`[demo] DEMO_SITE_PORT must differ from PORT (${port})`);
    process.exit(1);
  }
  return value;
}

function adminToken() {
  if (config.adminToken) return config.adminToken;
  // Kept under the data directory so a second demo run prints the same token.
  const file = path.join(dataDir, 'admin-token');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

// The orders API listens on this machine; outside production the documented switch lets action hosts be private.
const ordersApiEnabled = config.env !== 'production';
// Children inherit this environment, plus the admin token the demo generated.
const extraEnv = {
  SWITCHBOARD_ADMIN_TOKEN: adminToken(),
  ...(ordersApiEnabled ? { CRAWL_ALLOW_PRIVATE_NETWORKS: 'true' } : {}),
};
const adminTokenSource = config.adminToken
  ? 'SWITCHBOARD_ADMIN_TOKEN (from the environment)'
  : path.join(dataDir, 'admin-token');
const children = [];
// The api's and worker's JSON logs go to files: the terminal shows one progress line and then the summary.
const logDir = path.join(dataDir, 'logs');
const progress = createProgressLine(process.stdout);
// Aborts the seeding's requests and waits on Ctrl-C.
const lifetime = new AbortController();

function start(name, script, childEnv = {}) {
  const log = openChildLog(logDir, name);
  const child = spawn(process.execPath, [path.join(root, script)], {
    env: Object.assign(Object.create(null), process.env, extraEnv, childEnv),
    stdio: ['ignore', log.fd, log.fd],
    // Its own process group: Ctrl-C reaches only this launcher, which stops each child exactly once (a second
    // signal would cut the child's graceful shutdown short).
    detached: true,
  });
  fs.closeSync(log.fd);
  child.logFile = log.file;
  child.on('exit', (code, signal) => {
    if (stopping) return maybeExit();
    progress.done();
    console.error(`[demo] ${name} exited (${signal || code}); the end of ${log.file}:`);
    console.error(tailOfFile(log.file));
    console.error('[demo] stopping');
    shutdown(code || 1);
  });
  children.push(child);
  return child;
}

// The demo page: its own origin, as a customer's website would be. Until the inbox exists it asks to reload.
let inboxKey = null;
let customer = null;
let ordersApi = null;
let seedFailed = false;
const site = http.createServer((req, res) => {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
  } else if (pathname === '/favicon.ico') {
    res.writeHead(204).end();
  } else if (pathname !== '/' && pathname !== '/index.html') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
  } else if (!inboxKey) {
    const [refresh, message] = seedFailed
      ? [{}, 'Seeding the Switchboard demo failed: see the terminal that runs <code>npm run demo</code>.']
      : [{ Refresh: '3' }, 'The Switchboard demo is still being set up; this page reloads by itself.'];
    res
      .writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...refresh })
      .end(`<!doctype html><meta charset="utf-8"><title>Switchboard demo</title><p>${message}</p>`);
  } else {
    let html;
    try {
      // Read on every request, so edits to the page show on reload.
      html = fs
        .readFileSync(sitePage, 'utf8')
        .replaceAll('{{API_URL}}', escapeHtml(baseUrl))
        .replaceAll('{{INBOX_KEY}}', escapeHtml(inboxKey))
        .replaceAll('{{USER_ID}}', escapeHtml(customer?.userId ?? ''))
        .replaceAll('{{USER_HASH}}', escapeHtml(customer?.userHash ?? ''));
    } catch (error) {
      res
        .writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end(`Cannot read ${sitePage}: ${error.message}\n`);
      return;
    }
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(req.method === 'HEAD' ? undefined : html);
  }
});

function escapeHtml(value) {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function listenSite() {
  return new Promise((resolve, reject) => {
    site.once('error', reject);
    site.listen(sitePort, '127.0.0.1', () => {
      site.off('error', reject);
      resolve();
    });
  });
}

let stopping = false;
let exitCode = 0;
function shutdown(code) {
  if (stopping) return;
  stopping = true;
  exitCode = code;
  if (children.some(running)) console.error('[demo] stopping the api and the worker');
  lifetime.abort(new Error('stopping'));
  site.close();
  site.closeAllConnections();
  void ordersApi?.close();
  for (const child of children.filter(running)) child.kill('SIGTERM');
  // A child that has not stopped after 15 s is killed; then the launcher exits.
  setTimeout(() => {
    for (const child of children.filter(running)) child.kill('SIGKILL');
    setTimeout(() => process.exit(exitCode), 500).unref();
  }, 15_000).unref();
  maybeExit();
}

function running(child) {
  return child.exitCode === null && child.signalCode === null;
}

function maybeExit() {
  if (!children.some(running)) process.exit(exitCode);
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGHUP', () => shutdown(0));
// Last resort if the launcher dies some other way: children are in their own process group, so kill them here.
process.on('exit', () => {
  for (const child of children.filter(running)) child.kill('SIGKILL');
});

async function waitForReady(url, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url, { signal: lifetime.signal });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

async function main() {
  // The demo page's port is claimed first, so a port clash stops the demo before anything else starts.
  try {
    await listenSite();
  } catch (error) {
    console.error(
      `[demo] cannot serve the demo page on 127.0.0.1:${sitePort} (${error.code || error.message}); set DEMO_SITE_PORT`,
    );
    return shutdown(1);
  }
  if (ordersApiEnabled) {
    // Visits can be booked from tomorrow on, whatever day the demo runs.
    const today = new Date().toISOString().slice(0, 10);
    ordersApi = await startNorthwindApi({ data: withBookingWindowAfter(demoOrders, today) });
  }
  // The api runs migrations first; the worker waits for it so they never race on an empty database.
  progress.update(`starting the api (migrations first; logs in ${path.join(logDir, 'api.log')})`);
  const api = start('api', 'dist/apps/api/apps/api/src/main.js');
  if (!(await waitForReady(`${localApiUrl}/ready`, 120_000))) {
    if (stopping) return;
    progress.done();
    console.error(`[demo] the api did not become ready within 2 minutes; the end of ${api.logFile}:`);
    console.error(tailOfFile(api.logFile));
    return shutdown(1);
  }
  progress.update('starting the worker');
  start('worker', 'dist/apps/worker/apps/worker/src/main.js', { DATABASE_MIGRATIONS_RUN: 'false' });

  let seeded = null;
  try {
    seeded = await seedDemo({
      apiUrl: localApiUrl,
      publicUrl: baseUrl,
      adminToken: extraEnv.SWITCHBOARD_ADMIN_TOKEN,
      dataDir,
      helpCentreDir,
      siteOrigins,
      ordersApi: ordersApi ? { url: ordersApi.url, host: ordersApi.host } : undefined,
      customerEmail: demoOrders.demo_customer_email,
      signal: lifetime.signal,
      log: (line) => (line.startsWith('  failed') ? progress.note(line.trim()) : progress.update(line)),
    });
    progress.update('ready');
    progress.done();
    inboxKey = seeded.inboxKey;
    customer = seeded.customer;
  } catch (error) {
    if (stopping) return;
    progress.done();
    seedFailed = true;
    console.error(`[demo] seeding the Northwind Bikes demo failed: ${error.message}`);
    console.error('[demo] the api and the worker keep running; fix the problem and run the demo again');
  }

  const lines = [
    '',
    'Switchboard is running.',
    `  API:           ${baseUrl}   (ready: ${baseUrl}/ready)`,
    `  API docs:      ${baseUrl}/docs`,
    `  Metrics:       ${baseUrl}/metrics`,
    `  Logs:          ${path.join(logDir, 'api.log')}, ${path.join(logDir, 'worker.log')}`,
    `  Admin token:   ${extraEnv.SWITCHBOARD_ADMIN_TOKEN}   (kept in ${adminTokenSource})`,
  ];
  if (seeded) {
    lines.push(
      '',
      `Demo: "${seeded.workspace.name}", a fictional e-bike subscription service (${seeded.articles} help-centre articles).`,
      `  Demo page:     ${siteUrl}   (the widget, on another origin than the api)`,
      `  Console:       ${baseUrl}/console`,
      `  Agent login:   ${seeded.agent.email}`,
      `  Password:      ${seeded.agent.password}`,
      `  Widget inbox:  ${seeded.inboxKey}`,
      `  Demo state:    ${seeded.stateFile}   (workspace id and API key, inbox, agent password)`,
    );
    if (seeded.failures > 0) lines.push(`  Warning:       ${seeded.failures} article(s) failed to index (see above)`);
    if (ordersApi) lines.push(...ordersApiLines(ordersApi, demoOrders, { signedIn: customer !== null }));
  }
  lines.push(
    '',
    'Create another workspace:',
    `  curl -s -X POST ${baseUrl}/v1/workspaces -H "Authorization: Bearer ${extraEnv.SWITCHBOARD_ADMIN_TOKEN}" \\`,
    `       -H 'Content-Type: application/json' \\`,
    `       -d '{"name":"My company","admin":{"email":"you@example.com","name":"You","password":"at least 12 characters"}}'`,
    '',
    'Press Ctrl-C to stop.',
  );
  console.log(lines.join('\n'));
}

main().catch((error) => {
  if (stopping) return;
  console.error(error);
  shutdown(1);
});
