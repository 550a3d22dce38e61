// Seeds the `npm run demo` instance with the fictional Northwind Bikes: a workspace, a widget inbox, an admin
// agent for the console and the help centre in examples/help-centre, all through the public HTTP API.
// Idempotent: what it created is remembered in <DATA_DIR>/demo.json and found again on the next run, so a
// second run changes nothing (it only uploads help-centre files that are new or changed since the last run).
'use strict';
const { createHash, createHmac, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const WORKSPACE_NAME = 'Northwind Bikes';
const INBOX_NAME = 'Northwind website chat';
const SOURCE_NAME = 'Northwind help centre';
const AGENT = { email: 'agent@northwind-bikes.example', name: 'Robin Park', role: 'admin' };
const WIDGET_SETTINGS = {
  title: 'Northwind Bikes',
  color: '#0f766e',
  greeting: "Hi! I'm the Northwind assistant. Ask me anything about your e-bike subscription.",
  locale: 'en',
};
const ORDER_NUMBER = {
  type: 'string',
  pattern: '^NW-\\d{5}$',
  description: 'Order number as NW- and 5 digits, e.g. NW-40117.',
};
const CUSTOMER_EMAIL = {
  type: 'string',
  format: 'email',
  description: 'The signed-in customer (never from the message).',
};
const AREAS = {
  seattle: ['Seattle', 'Bellevue', 'Redmond', 'Kirkland', 'Shoreline'],
  portland: ['Portland', 'Beaverton', 'Lake Oswego', 'Gresham'],
  bay_area: ['Bay Area', 'San Francisco', 'Oakland', 'Berkeley', 'Daly City', 'Alameda', 'Emeryville'],
  denver: ['Denver', 'Boulder', 'Aurora', 'Lakewood'],
  twin_cities: ['Twin Cities', 'Minneapolis', 'Saint Paul', 'St. Paul', 'Edina', 'Bloomington'],
};
const MODELS = {
  metro: ['Metro', 'city bike', 'step-through'],
  fold: ['Fold', 'folding bike'],
  swift: ['Swift', 'fast commuter'],
  haul: ['Haul', 'cargo bike', 'cargo'],
};
/** The demo's actions on the Northwind orders API (examples/northwind-api), as the admin API takes them. */
function demoActions(baseUrl) {
  return [
    {
      name: 'order_status',
      description:
        'Look up a Northwind order (a bike subscription, an accessory fitting, a model switch or an extra helmet) by its order number: its status, who brings it and when.',
      method: 'GET',
      url: `${baseUrl}/orders/{order_number}`,
      parameters: { type: 'object', properties: { order_number: ORDER_NUMBER }, required: ['order_number'] },
      sideEffect: false,
      examples: ['Where is my order NW-40117?', 'Any news on order 40236?', 'Has nw40781 shipped yet?'],
      answerTemplate: 'Order {{order_number}} ({{item}}) is {{status}}. Carrier: {{carrier}}.',
    },
    {
      name: 'cancel_order',
      description:
        'Cancel an order of the signed-in customer that has not shipped or been delivered yet. It does not end a subscription (that is done in the Northwind Ride app).',
      method: 'POST',
      url: `${baseUrl}/orders/{order_number}/cancel`,
      parameters: {
        type: 'object',
        properties: { order_number: ORDER_NUMBER, customer_email: CUSTOMER_EMAIL },
        required: ['order_number', 'customer_email'],
      },
      identity: ['customer_email'],
      sideEffect: true,
      examples: ['Please cancel order NW-40117.', 'Cancel it.', "I don't need nw40117 any more, cancel it."],
      answerTemplate: 'Done: order {{order_number}} is now {{status}}.',
    },
    {
      name: 'book_repair',
      description: "Book a technician's repair visit at the signed-in customer's address in one of the five areas.",
      method: 'POST',
      url: `${baseUrl}/visits`,
      parameters: {
        type: 'object',
        properties: {
          area: { type: 'string', enum: Object.keys(AREAS), 'x-aliases': AREAS, description: 'The coverage area.' },
          date: { type: 'string', format: 'date', description: 'The day of the visit.' },
          customer_email: CUSTOMER_EMAIL,
        },
        required: ['area', 'date', 'customer_email'],
      },
      identity: ['customer_email'],
      sideEffect: true,
      examples: ['Book a repair in Denver next Tuesday.', 'Can a technician fix my bike in Oakland tomorrow?'],
      answerTemplate: 'Booked: visit {{visit_id}} on {{date}}, {{slot}}.',
    },
    {
      name: 'bike_details',
      description: 'Look up a bike by its frame number (WB and 8 digits): battery health, next service and Care Plus.',
      method: 'GET',
      url: `${baseUrl}/bikes/{frame_number}`,
      parameters: {
        type: 'object',
        properties: {
          frame_number: { type: 'string', pattern: '^WB\\d{8}$', description: 'Frame number, e.g. WB25110877.' },
        },
        required: ['frame_number'],
      },
      sideEffect: false,
      examples: ["What's the battery health of WB25110877?", 'Is Care Plus active on bike WB24030562?'],
      answerTemplate:
        'Bike {{frame_number}} ({{model}}): battery {{battery_health}}, next full service {{next_full_service_due}}, Care Plus {{care_plus}}.',
    },
    {
      name: 'model_availability',
      description: 'Whether a Northwind model can be ordered now, and from when it is delivered.',
      method: 'GET',
      url: `${baseUrl}/models/{model}/availability`,
      parameters: {
        type: 'object',
        properties: {
          model: { type: 'string', enum: Object.keys(MODELS), 'x-aliases': MODELS, description: 'The model.' },
        },
        required: ['model'],
      },
      sideEffect: false,
      examples: ['Is the Haul available?', 'Can I get a folding bike now?'],
      answerTemplate: 'The {{name}} is {{status}}. {{note}}',
    },
  ];
}

// The api takes at most this many files in one upload (MAX_FILES_PER_UPLOAD in the knowledge controller).
const FILES_PER_UPLOAD = 20;
const SYNC_TIMEOUT_MS = 10 * 60_000;

class ApiError extends Error {
  constructor(method, route, status, body) {
    const detail = body && typeof body === 'object' ? JSON.stringify(body.message ?? body) : String(body ?? '');
    super(`${method} ${route} answered ${status}: ${detail}`);
    this.status = status;
  }
}

function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The state file: ids, the workspace API key and the agent's password. Written after every step. */
class DemoState {
  constructor(file) {
    this.file = file;
    this.data = {};
    if (fs.existsSync(file)) {
      try {
        this.data = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${file} is not valid JSON (${error.message}); delete it to seed the demo again`);
      }
    }
  }

  save() {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}

/**
 * @param {object} options
 * @param {string} options.apiUrl      where this script reaches the api (loopback)
 * @param {string} options.publicUrl   the api's public URL (its origin is allowed to embed the widget)
 * @param {string} options.adminToken  instance admin token
 * @param {string} options.dataDir     where demo.json is kept
 * @param {string} options.helpCentreDir  directory of the *.md articles
 * @param {string[]} options.siteOrigins  origins of the demo page
 * @param {{ url: string, host: string }} [options.ordersApi]  the Northwind orders API the demo's actions call
 * @param {string} [options.customerEmail]  the demo customer the demo page signs in (their verified user id)
 * @param {AbortSignal} [options.signal]  aborts waiting and requests (Ctrl-C)
 * @param {(line: string) => void} [options.log]
 */
async function seedDemo(options) {
  const { apiUrl, publicUrl, adminToken, dataDir, helpCentreDir, siteOrigins, signal } = options;
  const log = options.log ?? ((line) => console.log(`[demo] ${line}`));
  const state = new DemoState(path.join(dataDir, 'demo.json'));

  async function call(method, route, { token, json, form, allow = [] } = {}) {
    const headers = { Authorization: `Bearer ${token}` };
    let body;
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(json);
    } else if (form) body = form;
    const response = await fetch(`${apiUrl}${route}`, { method, headers, body, signal });
    const text = await response.text();
    let parsed = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text for the error message
    }
    if (response.ok) return parsed;
    if (allow.includes(response.status)) return null;
    throw new ApiError(method, route, response.status, parsed);
  }
  const admin = (method, route, init) => call(method, route, { ...init, token: adminToken });
  const ws = (method, route, init) => call(method, route, { ...init, token: state.data.apiKey.key });

  // 1. The workspace, and its first API key (the only key the admin API hands out).
  let workspace = null;
  if (state.data.apiKey?.key) {
    workspace = await ws('GET', '/v1/workspace', { allow: [401, 403, 404] });
    if (!workspace || workspace.id !== state.data.workspace?.id) {
      log(`the workspace in ${state.file} no longer exists or its key was revoked (new database?); seeding again`);
      state.data = {};
      workspace = null;
    }
  }
  if (!workspace) {
    const existing = (await admin('GET', '/v1/workspaces?limit=200')).filter((w) => w.name === WORKSPACE_NAME);
    if (existing.length > 0) {
      log(
        `a workspace named "${WORKSPACE_NAME}" exists but ${state.file} has no key for it; creating another one ` +
          '(the admin API cannot issue keys for an existing workspace)',
      );
    }
    const created = await admin('POST', '/v1/workspaces', {
      json: { name: WORKSPACE_NAME, settings: { locale: 'en', timezone: 'America/Los_Angeles' } },
    });
    workspace = created.workspace;
    state.data = {
      workspace: { id: workspace.id, name: workspace.name },
      apiKey: { id: created.apiKey.id, key: created.apiKey.key },
    };
    state.save();
    log(`created workspace "${workspace.name}" (${workspace.id})`);
  } else {
    log(`workspace "${workspace.name}" (${workspace.id}) already exists`);
  }

  // 2. The widget inbox; its settings are brought up to date on every run (the demo page's port may change).
  const wanted = { ...WIDGET_SETTINGS, allowedOrigins: allowedOrigins(siteOrigins, publicUrl) };
  let inbox = state.data.inbox?.id ? await ws('GET', `/v1/inboxes/${state.data.inbox.id}`, { allow: [404] }) : null;
  if (!inbox) {
    inbox = (await ws('GET', '/v1/inboxes')).find((i) => i.channel === 'widget' && i.name === INBOX_NAME) ?? null;
  }
  if (!inbox) {
    const created = await ws('POST', '/v1/inboxes', {
      json: { name: INBOX_NAME, channel: 'widget', settings: wanted },
    });
    inbox = created.inbox;
    state.data.inbox = { id: inbox.id, publicKey: inbox.publicKey, identitySecret: created.identitySecret };
    state.save();
    log(`created widget inbox "${inbox.name}" (${inbox.publicKey})`);
  } else {
    state.data.inbox = { ...state.data.inbox, id: inbox.id, publicKey: inbox.publicKey };
    state.save();
    if (settingsDiffer(inbox.settings ?? {}, wanted)) {
      inbox = await ws('PATCH', `/v1/inboxes/${inbox.id}`, { json: { settings: wanted } });
      log(`updated the settings of widget inbox "${inbox.name}" (${inbox.publicKey})`);
    } else {
      log(`widget inbox "${inbox.name}" (${inbox.publicKey}) already exists`);
    }
  }

  // 3. An admin agent for the console. The password is generated once and kept in demo.json.
  if (!state.data.agent?.password) {
    state.data.agent = { email: AGENT.email, password: randomBytes(12).toString('base64url') };
    state.save();
  }
  let agent = state.data.agent.id ? await ws('GET', `/v1/agents/${state.data.agent.id}`, { allow: [404] }) : null;
  const knownAgent = Boolean(agent);
  if (!agent) agent = (await ws('GET', '/v1/agents')).find((a) => a.email === AGENT.email) ?? null;
  if (!agent) {
    agent = await ws('POST', '/v1/agents', { json: { ...AGENT, password: state.data.agent.password } });
    log(`created agent ${agent.email} (role ${agent.role})`);
  } else if (!knownAgent || agent.role !== AGENT.role) {
    // Found by e-mail only: its password may not be the one in demo.json, so set it.
    agent = await ws('PATCH', `/v1/agents/${agent.id}`, {
      json: { role: AGENT.role, password: state.data.agent.password },
    });
    log(`reset the password of agent ${agent.email}`);
  } else {
    log(`agent ${agent.email} already exists`);
  }
  state.data.agent = { ...state.data.agent, id: agent.id, email: agent.email };
  state.save();

  // 4. The help centre: one public upload source; only new or changed files are uploaded.
  let source = state.data.source?.id
    ? await ws('GET', `/v1/knowledge/sources/${state.data.source.id}`, { allow: [404] })
    : null;
  if (!source) {
    source =
      (await ws('GET', '/v1/knowledge/sources')).find((s) => s.type === 'upload' && s.name === SOURCE_NAME) ?? null;
  }
  if (!source) {
    source = await ws('POST', '/v1/knowledge/sources', {
      json: { name: SOURCE_NAME, type: 'upload', visibility: 'public' },
    });
    log(`created knowledge source "${source.name}" (${source.id})`);
  }
  if (state.data.source?.id !== source.id) state.data.source = { id: source.id, files: {} };
  state.save();
  const sourceRoute = `/v1/knowledge/sources/${source.id}`;

  const files = fs
    .readdirSync(helpCentreDir)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const content = fs.readFileSync(path.join(helpCentreDir, name));
      return { name, content, sha256: createHash('sha256').update(content).digest('hex') };
    });
  if (files.length === 0) throw new Error(`no *.md files in ${helpCentreDir}`);

  const documents = [];
  for (let offset = 0; ; offset += 200) {
    const page = await ws('GET', `${sourceRoute}/documents?limit=200&offset=${offset}`);
    documents.push(...page);
    if (page.length < 200) break;
  }
  const byName = new Map(documents.map((d) => [d.externalId, d]));
  const uploaded = state.data.source.files;

  // Documents whose file was removed from the help centre are removed from the source too.
  const names = new Set(files.map((f) => f.name));
  for (const document of documents.filter((d) => !names.has(d.externalId))) {
    await ws('DELETE', `${sourceRoute}/documents/${document.id}`, { allow: [404] });
    delete uploaded[document.externalId];
    log(`removed "${document.externalId}": no longer in ${path.relative(process.cwd(), helpCentreDir)}`);
  }
  state.save();

  const pending = files.filter((f) => byName.get(f.name)?.status !== 'indexed' || uploaded[f.name] !== f.sha256);
  if (pending.length === 0) {
    log(`help centre up to date: ${files.length} articles indexed`);
  } else {
    log(`uploading ${pending.length} of ${files.length} help-centre articles`);
  }
  let indexedNow = 0;
  const failures = [];
  for (let i = 0; i < pending.length; i += FILES_PER_UPLOAD) {
    const batch = pending.slice(i, i + FILES_PER_UPLOAD);
    const form = new FormData();
    for (const file of batch) form.append('files', new Blob([file.content], { type: 'text/markdown' }), file.name);
    const intake = await ws('POST', `${sourceRoute}/files`, { form });
    const progress = await waitForSync(ws, `${sourceRoute}/syncs/${intake.sync.id}`, log, signal);
    if (!progress) {
      log(
        `the sync of "${source.name}" is still running after ${SYNC_TIMEOUT_MS / 60_000} minutes; it goes on in ` +
          'the background (the next run checks it again)',
      );
      break;
    }
    const failedIds = new Set(progress.errors.map((e) => e.documentId));
    for (const error of progress.errors) failures.push(`${error.title || error.documentId}: ${error.error}`);
    for (const document of intake.documents) {
      if (failedIds.has(document.id)) continue;
      const file = batch.find((f) => f.name === document.externalId);
      if (file) uploaded[file.name] = file.sha256;
      indexedNow += 1;
    }
    state.save();
  }
  if (pending.length > 0) log(`help centre synced: ${indexedNow} of ${pending.length} uploaded articles processed`);
  for (const failure of failures) log(`  failed: ${failure}`);

  // 5. The actions on the demo's orders API, whose port changes from run to run: its host allowed, each URL kept current.
  if (options.ordersApi) await seedActions(ws, workspace, options.ordersApi, log);

  // 6. A few resolved conversations, so the fine-tuning export works out of the box.
  await require('./demo-seed-conversations').seedResolvedConversations({
    apiUrl,
    signal,
    state,
    inboxKey: state.data.inbox.publicKey,
    origin: siteOrigins[0] ?? publicUrl,
    agent: state.data.agent,
    log,
  });
  return {
    workspace: state.data.workspace,
    inboxKey: state.data.inbox.publicKey,
    customer: signedInCustomer(options.customerEmail, state.data.inbox.identitySecret),
    agent: { email: state.data.agent.email, password: state.data.agent.password },
    sourceId: source.id,
    articles: files.length,
    failures: failures.length,
    stateFile: state.file,
  };
}

/** Polls a sync until it is no longer running; null after SYNC_TIMEOUT_MS. */
async function waitForSync(ws, route, log, signal) {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  let lastLog = Date.now();
  for (;;) {
    const progress = await ws('GET', route);
    if (progress.status !== 'running') {
      log(
        `sync ${progress.status}: ${progress.indexed} indexed, ${progress.skipped} unchanged, ${progress.failed} failed`,
      );
      return progress;
    }
    // The first embedding of a run loads the model, which can take a while: show that it is moving.
    if (Date.now() - lastLog >= 5000) {
      log(`indexing: ${progress.done} of ${progress.total} documents done`);
      lastLog = Date.now();
    }
    if (Date.now() > deadline) return null;
    await sleep(1000, signal);
  }
}

async function seedActions(ws, workspace, ordersApi, log) {
  const hosts = workspace.settings?.actionHosts ?? [];
  if (!hosts.includes(ordersApi.host)) {
    await ws('PATCH', '/v1/workspace/settings', { json: { actionHosts: [...hosts, ordersApi.host] } });
    log(`allowed actions to call ${ordersApi.host}`);
  }
  const existing = new Map((await ws('GET', '/v1/actions')).map((action) => [action.name, action]));
  for (const wanted of demoActions(ordersApi.url)) {
    const current = existing.get(wanted.name);
    if (!current) {
      await ws('POST', '/v1/actions', { json: wanted });
      log(`declared action ${wanted.name}`);
    } else if (Object.entries(wanted).some(([key, value]) => canonical(current[key]) !== canonical(value))) {
      await ws('PATCH', `/v1/actions/${current.id}`, { json: wanted });
      log(`updated action ${wanted.name}`);
    }
  }
}

/** JSON with sorted keys: Postgres keeps a JSON object's keys in an order of its own. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The demo page's verified customer: their user id and its HMAC under the inbox's identity secret, as a host page's server signs it. */
function signedInCustomer(email, identitySecret) {
  if (!email || !identitySecret) return null;
  return { userId: email, userHash: createHmac('sha256', identitySecret).update(email, 'utf8').digest('hex') };
}

function allowedOrigins(siteOrigins, publicUrl) {
  return [...new Set([...siteOrigins, new URL(publicUrl).origin])];
}

function settingsDiffer(current, wanted) {
  return Object.entries(wanted).some(([key, value]) => JSON.stringify(current[key]) !== JSON.stringify(value));
}

module.exports = { seedDemo, sleep, demoActions, AGENT, WORKSPACE_NAME };
