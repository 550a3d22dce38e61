import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActorType } from '@switchboard/database';

/** Who made a change, as recorded. */
export interface AuditActor {
  type: AuditActorType;
  /** The agent's or API key's id; null for the admin token and the system. */
  id: string | null;
  display: string;
}

/** The request a change is made in: who, and from which address. */
export interface AuditContext {
  actor: AuditActor;
  ip: string | null;
  /** The actions recorded in this request so far (AuditLog appends), for the check of @Audited routes. */
  recorded?: string[];
}

/** What a change outside any request (a job, a script) is recorded as. */
export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, display: 'Switchboard' };

const storage = new AsyncLocalStorage<AuditContext>();

/** Runs the task with this context: what AuditLog records as actor and IP for changes made inside it. */
export function runWithAuditContext<T>(context: AuditContext, task: () => T): T {
  return storage.run(context, task);
}

/** The context of the request being served, or undefined outside one. */
export function currentAuditContext(): AuditContext | undefined {
  return storage.getStore();
}
