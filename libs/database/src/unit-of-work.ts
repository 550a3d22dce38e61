import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { WorkspaceId, asWorkspaceId } from './tenant.repository';

/** Something that happened to stored state; published under its name through the app's EventEmitter2. */
export interface DomainEvent {
  readonly name: string;
}

/** An event raised on a unit of work that has already committed or rolled back: it would be lost or unfounded. */
export class UnitOfWorkClosedError extends Error {
  constructor(readonly eventName: string) {
    super(`${eventName} was raised after its unit of work had ended; raise events inside UnitOfWork.run`);
    this.name = 'UnitOfWorkClosedError';
  }
}

/** A nested unit asked to join an outer one of another workspace: one transaction never spans two tenants. */
export class WorkspaceMismatchError extends Error {
  constructor() {
    super('A unit of work can only be joined by work for its own workspace');
    this.name = 'WorkspaceMismatchError';
  }
}

/** The events raised in one transaction. Not exported: only UnitOfWork can open and close a unit. */
class RaisedEvents {
  private readonly events: DomainEvent[] = [];
  private open = true;

  add(event: DomainEvent): void {
    if (!this.open) throw new UnitOfWorkClosedError(event.name);
    this.events.push(event);
  }

  /** What has been raised so far, in order. */
  list(): readonly DomainEvent[] {
    return [...this.events];
  }

  /** Ends the unit and hands over what was raised, in order; raising afterwards throws. */
  close(): DomainEvent[] {
    this.open = false;
    return this.events.splice(0);
  }
}

/**
 * One open unit of work: the workspace it acts for, its transaction, and the domain events raised in it so far.
 * Only UnitOfWork creates one, so holding a Work means being inside a transaction (or, from runStatement, inside a
 * task that writes with one atomic statement).
 */
export class Work {
  constructor(
    readonly workspaceId: WorkspaceId,
    readonly manager: EntityManager,
    private readonly raised: RaisedEvents,
  ) {}

  /** Records the event, to be published once the outermost unit has committed; never if it rolls back. */
  raise(event: DomainEvent): void {
    this.raised.add(event);
  }

  /** The events raised in this unit so far, in order: what the unit has changed, without reading it back. */
  raisedSoFar(): readonly DomainEvent[] {
    return this.raised.list();
  }
}

/**
 * Runs use cases as units of work: one transaction per unit and domain events published after commit.
 *
 * - Events are published once, in the order raised, after the transaction has committed; a unit whose task throws
 *   (or whose commit fails) rolls back and publishes nothing.
 * - A service called inside another's unit is given that Work and joins it: same transaction, same event list,
 *   published when the outer unit commits. There is no savepoint: what a joined task wrote and raised commits or
 *   rolls back with the outer unit.
 * - There is no raising without a transaction: a Work exists only inside run, and raising on one that has ended
 *   throws UnitOfWorkClosedError, since the event would be lost or unfounded. Transient notices that describe no
 *   stored change (the bot typing, streamed tokens) are not domain events and go to their bus directly.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
  ) {}

  /** Runs the task in a new transaction for the workspace, or in `outer` when the caller already has one. */
  async run<T>(workspaceId: WorkspaceId, task: (work: Work) => Promise<T>, outer?: Work): Promise<T> {
    asWorkspaceId(workspaceId);
    if (outer) return this.join(workspaceId, task, outer);
    return this.publishedAfter((raised) =>
      this.dataSource.transaction((manager) => task(new Work(workspaceId, manager, raised))),
    );
  }

  /**
   * Runs a task whose write is one statement, atomic by itself: no transaction round trips, and what it raises is
   * published once that statement has returned, never if it throws. A task that writes twice needs `run`.
   */
  async runStatement<T>(workspaceId: WorkspaceId, task: (work: Work) => Promise<T>): Promise<T> {
    asWorkspaceId(workspaceId);
    return this.publishedAfter((raised) => task(new Work(workspaceId, this.dataSource.manager, raised)));
  }

  /** Publishes what the unit raised once it has succeeded; one that throws publishes nothing, and a late raise throws. */
  private async publishedAfter<T>(execute: (raised: RaisedEvents) => Promise<T>): Promise<T> {
    const raised = new RaisedEvents();
    try {
      const result = await execute(raised);
      this.publish(raised.close());
      return result;
    } finally {
      raised.close();
    }
  }

  private join<T>(workspaceId: WorkspaceId, task: (work: Work) => Promise<T>, outer: Work): Promise<T> {
    if (outer.workspaceId !== workspaceId) throw new WorkspaceMismatchError();
    return task(outer);
  }

  /** The change has committed: a failing listener is logged, and neither hides that from the caller nor stops the rest. */
  private publish(events: DomainEvent[]): void {
    for (const event of events) {
      try {
        this.events.emit(event.name, event);
      } catch (error) {
        this.logger.error(
          `a listener of ${event.name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
