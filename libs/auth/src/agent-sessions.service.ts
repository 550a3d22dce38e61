import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { WorkspacesService } from '@switchboard/conversations';
import { Agent, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { createHash, randomBytes } from 'node:crypto';
import { AgentSessionsRepository } from './agent-sessions.repository';
import { AgentsRepository } from './agents.repository';
import { hashPassword, verifyPassword } from './password-hasher';
import { loginDelaySchedule } from './login-delay';
import { RateLimiter } from './rate-limiter';

export const SESSION_TOKEN_PREFIX = 'sbs_';
/** Failed sign-ins per IP and e-mail are counted over this window. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** The per-IP limit is this many times the per-(IP, e-mail) one: a shared office IP still signs its team in. */
export const LOGIN_IP_FACTOR = 10;

export class InvalidCredentialsError extends Error {
  constructor() {
    super('Wrong e-mail or password');
    this.name = 'InvalidCredentialsError';
  }
}

/** The e-mail and password match agents of several workspaces: the caller picks one. */
export class WorkspaceRequiredError extends Error {
  constructor(readonly workspaces: Array<{ id: string; name: string }>) {
    super('This e-mail belongs to several workspaces: choose one');
    this.name = 'WorkspaceRequiredError';
  }
}

export interface LoginInput {
  email: string;
  password: string;
  workspaceId?: string;
  /** The caller's address, for rate limiting. */
  ip: string;
}

export interface SignedInAgent {
  agent: Agent;
  workspace: { id: string; name: string };
}

export interface IssuedSession extends SignedInAgent {
  /** The bearer token: returned once, only its sha256 is stored. */
  token: string;
  expiresAt: Date;
}

export interface AuthenticatedSession {
  sessionId: string;
  workspaceId: WorkspaceId;
  agent: Agent;
  expiresAt: Date;
}

/** `sbs_` + 32 random bytes, base64url. */
export function newSessionToken(): string {
  return `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Tokens carry 256 random bits, so a fast hash suffices: there is nothing to brute-force. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function looksLikeSessionToken(token: string): boolean {
  return token.startsWith(SESSION_TOKEN_PREFIX) && token.length <= 100;
}

interface Candidate {
  agent: Agent;
  passwordHash: string | null;
  workspace: { id: string; name: string };
}

/** Console sign-in: password check, rate limits and bearer sessions stored as hashes. */
@Injectable()
export class AgentSessionsService implements OnModuleInit {
  private decoyHash: Promise<string> | null = null;

  constructor(
    private readonly agents: AgentsRepository,
    private readonly sessions: AgentSessionsRepository,
    private readonly workspaces: WorkspacesService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Ready before the first unknown e-mail arrives, so that attempt is not slower than the others.
    void this.decoy();
  }

  /**
   * Signs an agent in. Throws InvalidCredentialsError (same message whether or not the e-mail exists),
   * WorkspaceRequiredError when the password matches agents of several workspaces, RateLimitedError, or
   * RedisUnavailableError while the limits cannot be checked.
   */
  async login(input: LoginInput): Promise<IssuedSession> {
    const email = input.email.trim().toLowerCase();
    const maxAttempts = this.config.console.loginMaxAttempts;
    const pairKey = `login:pair:${hashSessionToken(`${input.ip}\n${email}`)}`;
    const emailKey = `login:email:${hashSessionToken(email)}`;
    // Fails closed (503 while Redis is down): without the count, passwords could be guessed unchecked.
    await this.limiter.consume(
      `login:ip:${input.ip}`,
      maxAttempts * LOGIN_IP_FACTOR,
      LOGIN_WINDOW_MS,
      'login',
      'closed',
    );
    // From any IP: a growing wait between failures, never a lock-out, and no password check while it runs.
    await this.limiter.delayedAttempt(emailKey, this.emailDelay(), 'login', 'closed');
    // Every attempt counts; a successful one clears the count, so what remains are the failures.
    await this.limiter.consume(pairKey, maxAttempts, LOGIN_WINDOW_MS, 'login', 'closed');

    const candidates = await this.candidates(email, input.workspaceId);
    const matched: Candidate[] = [];
    if (candidates.every((candidate) => !candidate.passwordHash)) {
      // Spend one hash verification anyway, so an unknown e-mail takes as long as a wrong password.
      await verifyPassword(input.password, await this.decoy());
    }
    for (const candidate of candidates) {
      if (candidate.passwordHash && (await verifyPassword(input.password, candidate.passwordHash))) {
        matched.push(candidate);
      }
    }
    if (matched.length === 0) throw new InvalidCredentialsError();
    if (matched.length > 1) {
      // The password was right: choosing the workspace next must not wait out a delay.
      await this.limiter.reset(emailKey);
      throw new WorkspaceRequiredError(matched.map((candidate) => candidate.workspace));
    }

    await Promise.all([this.limiter.reset(pairKey), this.limiter.reset(emailKey)]);
    const [{ agent: matchedAgent, workspace }] = matched;
    // Signing in means the agent is at work: online, and seen now (the console's stream keeps it fresh).
    const agent = await this.markSignedIn(matchedAgent);
    const token = newSessionToken();
    const expiresAt = new Date(Date.now() + this.config.console.sessionTtlHours * 3600 * 1000);
    await this.sessions.open(agent.workspaceId, agent.id, hashSessionToken(token), expiresAt);
    return { token, expiresAt, agent, workspace };
  }

  private async markSignedIn(agent: Agent): Promise<Agent> {
    const presence = { availability: 'online' as const, lastSeenAt: new Date() };
    await this.agents.update(agent.workspaceId, agent.id, presence);
    return { ...agent, ...presence };
  }

  /** A heartbeat from an open console tab: the agent counts as present for AGENT_PRESENCE_TIMEOUT_MS from now. */
  async touchPresence(workspaceId: WorkspaceId, agentId: string): Promise<void> {
    await this.agents.update(workspaceId, agentId, { lastSeenAt: new Date() });
  }

  private emailDelay(): { freeAttempts: number; schedule: number[]; forgetAfterMs: number } {
    const policy = this.config.console.loginEmailThrottle;
    return { freeAttempts: policy.freeAttempts, schedule: loginDelaySchedule(policy), forgetAfterMs: LOGIN_WINDOW_MS };
  }

  /** The live session behind a bearer token, with its agent; null for anything else. */
  async authenticate(token: string): Promise<AuthenticatedSession | null> {
    if (!looksLikeSessionToken(token)) return null;
    const session = await this.sessions.findLive(hashSessionToken(token));
    if (!session?.agent) return null;
    return {
      sessionId: session.id,
      workspaceId: asWorkspaceId(session.workspaceId),
      agent: session.agent,
      expiresAt: session.expiresAt,
    };
  }

  /** Ends the session; the agent stops counting as present until a console tab is heard from again. */
  async logout(workspaceId: WorkspaceId, sessionId: string, agentId?: string): Promise<void> {
    if (!isUuid(sessionId)) return;
    await this.sessions.delete(workspaceId, sessionId);
    if (agentId) await this.agents.update(workspaceId, agentId, { lastSeenAt: null });
  }

  /** Signs the agent out everywhere: after a password change, no session opened with the old one survives. */
  async endAll(workspaceId: WorkspaceId, agentId: string): Promise<void> {
    await this.sessions.deleteAllOf(workspaceId, agentId);
  }

  /** The signed-in agent with its workspace, as GET me shows it. */
  async profile(workspaceId: WorkspaceId, agentId: string): Promise<SignedInAgent | null> {
    const agent = await this.agents.findById(workspaceId, agentId);
    if (!agent) return null;
    const workspace = await this.workspaces.get(workspaceId);
    if (!workspace) return null;
    return { agent, workspace: { id: workspace.id, name: workspace.name } };
  }

  async setAvailability(
    workspaceId: WorkspaceId,
    agentId: string,
    availability: Agent['availability'],
  ): Promise<SignedInAgent | null> {
    if (!isUuid(agentId)) return null;
    await this.agents.update(workspaceId, agentId, { availability });
    return this.profile(workspaceId, agentId);
  }

  /** Agents with this e-mail in every workspace (sign-in is the one cross-tenant read), hashes included. */
  private async candidates(email: string, workspaceId: string | undefined): Promise<Candidate[]> {
    if (workspaceId !== undefined && !isUuid(workspaceId)) return [];
    const agents = await this.agents.withPasswordByEmail(
      email,
      workspaceId === undefined ? undefined : asWorkspaceId(workspaceId),
    );
    const workspaces = await this.workspaces.names([...new Set(agents.map((agent) => agent.workspaceId))]);
    const names = new Map(workspaces.map((workspace) => [workspace.id, workspace.name]));
    return agents.map(({ passwordHash, ...agent }) => ({
      agent: agent as Agent,
      passwordHash,
      workspace: { id: agent.workspaceId, name: names.get(agent.workspaceId) ?? '' },
    }));
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    return this.decoyHash;
  }
}
