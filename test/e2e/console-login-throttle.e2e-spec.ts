import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { eventually } from '../support/eventually';
import { TestApi, startTestApi } from '../support/test-api';

const PASSWORD = 'correct horse battery staple';
// Two callers on two loopback addresses: the api sees two different IPs, no proxy header involved.
const FIRST_IP = '127.0.0.2';
const SECOND_IP = '127.0.0.3';

interface Answer {
  status: number;
  retryAfter: number | null;
  body: Record<string, unknown>;
}

describe('console sign-in: per-e-mail progressive delay', () => {
  let api: TestApi;
  let key: string;
  let sequence = 0;

  beforeAll(async () => {
    api = await startTestApi('login-throttle', {
      LOGIN_DELAY_FREE_ATTEMPTS: '3',
      LOGIN_DELAY_BASE_SECONDS: '3',
      LOGIN_DELAY_MAX_SECONDS: '6',
      // High enough that only the per-e-mail delay is under test here.
      LOGIN_MAX_ATTEMPTS: '100',
    });
    const created = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Acme' })
      .expect(201);
    key = created.body.apiKey.key as string;
  });

  afterAll(() => api?.close());

  async function createAgent(email = `agent${++sequence}@throttle.test`, apiKey = key): Promise<string> {
    await request(api.url)
      .post('/v1/agents')
      .set('Authorization', `Bearer ${apiKey}`)
      .send({ email, name: `Agent ${sequence}`, role: 'agent', password: PASSWORD })
      .expect(201);
    return email;
  }

  /** POST /v1/console/login from a given local address. */
  function loginFrom(ip: string, email: string, password: string, workspaceId?: string): Promise<Answer> {
    const url = new URL('/v1/console/login', api.url);
    const payload = JSON.stringify({ email, password, workspaceId });
    return new Promise((resolve, reject) => {
      const call = httpRequest(
        url,
        {
          method: 'POST',
          localAddress: ip,
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const retryAfter = response.headers['retry-after'];
            resolve({
              status: response.statusCode ?? 0,
              retryAfter: typeof retryAfter === 'string' ? Number(retryAfter) : null,
              body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
            });
          });
        },
      );
      call.on('error', reject);
      call.end(payload);
    });
  }

  async function failFreeAttempts(email: string): Promise<void> {
    for (let i = 0; i < 3; i++) expect((await loginFrom(FIRST_IP, email, `wrong ${i}`)).status).toBe(401);
  }

  it('makes every IP wait after the free failures, without checking the password, then lets the right one in', async () => {
    const email = await createAgent();
    await failFreeAttempts(email);

    // Another IP is held back too, with the wait left; even the right password is not looked at.
    const wrong = await loginFrom(SECOND_IP, email, 'wrong again');
    expect(wrong.status).toBe(429);
    expect(wrong.body.code).toBe('rate_limited');
    expect(wrong.retryAfter).toBeGreaterThanOrEqual(1);
    expect(wrong.retryAfter).toBeLessThanOrEqual(3);
    const right = await loginFrom(SECOND_IP, email, PASSWORD);
    expect(right.status).toBe(429);

    // Once the delay has run, the right password signs in: a delay, never a lock-out.
    const signedIn = await eventually(
      async () => {
        const answer = await loginFrom(SECOND_IP, email, PASSWORD);
        return answer.status === 429 ? undefined : answer;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'the delay to run out' },
    );
    expect(signedIn.status).toBe(200);
    expect(typeof signedIn.body.token).toBe('string');

    // The success cleared the failures: the next wrong password is answered at once again.
    expect((await loginFrom(FIRST_IP, email, 'wrong after success')).status).toBe(401);
  });

  it('doubles the delay with each further failure, up to the cap', async () => {
    const email = await createAgent();
    await failFreeAttempts(email);
    const fourth = await eventually(
      async () => {
        const answer = await loginFrom(SECOND_IP, email, 'still wrong');
        return answer.status === 429 ? undefined : answer;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'the first delay to run out' },
    );
    expect(fourth.status).toBe(401);

    // After one more failure the wait is the doubled one (6 s, the cap), longer than the first (3 s).
    const held = await loginFrom(FIRST_IP, email, PASSWORD);
    expect(held.status).toBe(429);
    expect(held.retryAfter).toBeGreaterThan(3);
    expect(held.retryAfter).toBeLessThanOrEqual(6);

    const signedIn = await eventually(
      async () => {
        const answer = await loginFrom(FIRST_IP, email, PASSWORD);
        return answer.status === 429 ? undefined : answer;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'the doubled delay to run out' },
    );
    expect(signedIn.status).toBe(200);
  });

  it('lets an agent of several workspaces choose one at once after the right password', async () => {
    const email = await createAgent();
    const other = await request(api.url)
      .post('/v1/workspaces')
      .set('Authorization', `Bearer ${api.config.adminToken}`)
      .send({ name: 'Globex' })
      .expect(201);
    await createAgent(email, other.body.apiKey.key as string);
    await failFreeAttempts(email);
    const ambiguous = await eventually(
      async () => {
        const answer = await loginFrom(SECOND_IP, email, PASSWORD);
        return answer.status === 429 ? undefined : answer;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'the delay to run out' },
    );
    expect(ambiguous.status).toBe(409);
    const chosen = await loginFrom(SECOND_IP, email, PASSWORD, other.body.workspace.id as string);
    expect(chosen.status).toBe(200);
  });

  it('holds back only that e-mail: another agent signs in from the same IPs at once', async () => {
    const email = await createAgent();
    const bystander = await createAgent();
    await failFreeAttempts(email);
    expect((await loginFrom(SECOND_IP, email, PASSWORD)).status).toBe(429);
    expect((await loginFrom(SECOND_IP, bystander, PASSWORD)).status).toBe(200);
    expect((await loginFrom(FIRST_IP, bystander, PASSWORD)).status).toBe(200);
  });
});
