import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OutboxRepository } from './outbox.repository';
import { JOB_QUEUE, JobName, JobPayloads } from './queue.contract';

/** Writes jobs to the outbox inside the caller's transaction; the OutboxRelay enqueues them after commit. */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  /**
   * Returns the outbox row id, which becomes the BullMQ job id.
   * workspaceId defaults to the payload's own workspaceId.
   */
  async add<J extends JobName>(
    manager: EntityManager,
    name: J,
    payload: JobPayloads[J],
    workspaceId: string | null = payload.workspaceId,
  ): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`OutboxService.add(${name}) must run inside the transaction of the change that causes the job`);
    }
    const id = randomUUID();
    await this.outbox.insert(manager, { id, queue: JOB_QUEUE[name], jobName: name, payload, workspaceId });
    return id;
  }

  /** Payloads of the jobs named `name` written but not yet handed to the queue; for watchdogs. */
  async unsentPayloads<J extends JobName>(manager: EntityManager, name: J): Promise<Array<JobPayloads[J]>> {
    const payloads = await this.outbox.unsentPayloads(manager, name);
    return payloads as unknown as Array<JobPayloads[J]>;
  }
}
