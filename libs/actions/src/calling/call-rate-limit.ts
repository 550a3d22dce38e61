/**
 * The rate limiter actions need, as a port: auth's Redis RateLimiter fits it, but actions sit below auth (which
 * holds guards and sessions), so the app binds it (ActionsModule.register) rather than actions importing auth.
 */
export interface CallRateLimiter {
  hit(
    key: string,
    limit: number,
    windowMs: number,
    whenDown: 'open' | 'closed',
  ): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export const CALL_RATE_LIMITER = Symbol('CALL_RATE_LIMITER');

/** Calls allowed per minute; a conversation's limit stops a loop, the workspace's a flood. */
export interface ActionCallLimits {
  perWorkspacePerMinute: number;
  perConversationPerMinute: number;
}

export const ACTION_CALL_LIMITS = Symbol('ACTION_CALL_LIMITS');

export const DEFAULT_ACTION_CALL_LIMITS: ActionCallLimits = {
  perWorkspacePerMinute: 300,
  perConversationPerMinute: 10,
};
