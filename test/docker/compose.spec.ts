import { ProcessKind, VARIABLES } from '@switchboard/config';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number)[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
}

const root = path.resolve(__dirname, '../..');
const composePath = path.join(root, 'docker/compose.yml');
// merge: true resolves the `<<: *anchor` merge keys the way Compose does.
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const { services } = compose;
const packageScripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

const APP_PROCESSES: ProcessKind[] = ['api', 'worker'];
const BACKING_SERVICES = ['postgres', 'redis', 'qdrant'];

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  const entries = Array.isArray(env)
    ? env.map((line): [string, string] => {
        const [name, ...value] = line.split('=');
        return [name, value.join('=')];
      })
    : Object.entries(env).map(([name, value]): [string, string] => [name, value === null ? '' : String(value)]);
  return Object.fromEntries(entries);
}

/** What Compose substitutes when the host sets nothing: `${VAR:-default}` becomes its default. */
function withDefaults(value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1');
}

function commandOf(service: ComposeService): string {
  return Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
}

describe('docker/compose.yml', () => {
  it('defines the backing services and both processes', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...BACKING_SERVICES, ...APP_PROCESSES]));
  });

  it('gives every service a healthcheck', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, test: service.healthcheck?.test }).toEqual({ name, test: expect.anything() });
      expect({ name, disabled: service.healthcheck?.disable ?? false }).toEqual({ name, disabled: false });
    }
  });

  it('runs Redis durably and never evicts queue keys', () => {
    const command = commandOf(services.redis);
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
  });

  it.each(APP_PROCESSES)('builds %s from docker/Dockerfile with the repository as context', (name) => {
    const build = services[name].build;
    expect(build).toBeDefined();
    const context = path.resolve(path.dirname(composePath), build?.context ?? '');
    expect(context).toBe(root);
    expect(existsSync(path.join(context, build?.dockerfile ?? ''))).toBe(true);
  });

  it.each(APP_PROCESSES)('starts %s the way `npm run start:%s` does', (name) => {
    expect(commandOf(services[name])).toBe(packageScripts[`start:${name}`]);
  });

  it.each(APP_PROCESSES)('names for %s every variable it requires or a deployment must set', (name) => {
    const env = environmentOf(services[name]);
    const needed = VARIABLES.filter((spec) => spec.requiredFor?.includes(name) || spec.deploymentMustSet).map(
      (spec) => spec.name,
    );
    expect(needed.filter((variable) => !(variable in env))).toEqual([]);
  });

  it.each(APP_PROCESSES)('gives %s only variables the config knows, with values it accepts', (name) => {
    const env = environmentOf(services[name]);
    for (const [variable, raw] of Object.entries(env)) {
      const spec = VARIABLES.find((candidate) => candidate.name === variable);
      expect({ variable, known: spec !== undefined }).toEqual({ variable, known: true });
      const value = withDefaults(raw);
      // `${VAR:?...}` comes from the host's .env; an empty value means "unset" to the config.
      if (!spec || value === '' || value.includes('${')) continue;
      expect({ variable, error: spec.check(value) }).toEqual({ variable, error: undefined });
    }
  });

  it.each(APP_PROCESSES)('points %s at the compose services, not at localhost', (name) => {
    const env = environmentOf(services[name]);
    expect(new URL(withDefaults(env.DATABASE_URL)).host).toBe('postgres:5432');
    expect(new URL(env.REDIS_URL).host).toBe('redis:6379');
    expect(new URL(env.QDRANT_URL).host).toBe('qdrant:6333');
    expect(env.HOST).toBe('0.0.0.0');
    expect(env.DATA_DIR).toBe('/data');
  });

  it.each(APP_PROCESSES)('takes the admin token from the host for %s, refusing to start without it', (name) => {
    expect(environmentOf(services[name]).SWITCHBOARD_ADMIN_TOKEN).toMatch(/^\$\{SWITCHBOARD_ADMIN_TOKEN:\?.+\}$/);
  });

  it.each(APP_PROCESSES)('passes the OpenAI settings through to %s, empty when the host has none', (name) => {
    const env = environmentOf(services[name]);
    for (const variable of VARIABLES.filter((spec) => spec.name.startsWith('OPENAI_')).map((spec) => spec.name)) {
      expect({ variable, value: env[variable] }).toEqual({ variable, value: `\${${variable}:-}` });
    }
  });

  it('exposes the worker metrics endpoint inside the network for its healthcheck', () => {
    expect(environmentOf(services.worker).WORKER_METRICS_HOST).toBe('0.0.0.0');
  });

  it('runs migrations from one process only', () => {
    const runs = APP_PROCESSES.filter((name) => environmentOf(services[name]).DATABASE_MIGRATIONS_RUN !== 'false');
    expect(runs).toEqual(['api']);
  });

  it.each(APP_PROCESSES)('starts %s only once the backing services are healthy', (name) => {
    const dependsOn = services[name].depends_on;
    expect(Array.isArray(dependsOn)).toBe(false);
    for (const backing of BACKING_SERVICES) {
      expect({ backing, condition: (dependsOn as Record<string, { condition: string }>)[backing]?.condition }).toEqual({
        backing,
        condition: 'service_healthy',
      });
    }
  });

  it('publishes the api on 3000 and checks its readiness', () => {
    expect((services.api.ports ?? []).map(String)).toContainEqual(expect.stringMatching(/(^|:)3000:3000$/));
    expect(JSON.stringify(services.api.healthcheck?.test)).toContain('/ready');
    expect(JSON.stringify(services.worker.healthcheck?.test)).toContain(':9464/metrics');
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'docker/Dockerfile'), 'utf8');

  it('builds on Debian slim, not Alpine, for the native packages', () => {
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
    expect(dockerfile).not.toMatch(/^(FROM|ARG) .*alpine/im);
  });

  it('ships production dependencies only and runs as the node user', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
  });

  it('starts the api by default, the way `npm run start:api` does', () => {
    const cmd = dockerfile.match(/^CMD (\[.*\])$/m);
    expect(cmd).not.toBeNull();
    expect((JSON.parse(cmd?.[1] ?? '[]') as string[]).join(' ')).toBe(packageScripts['start:api']);
  });
});
