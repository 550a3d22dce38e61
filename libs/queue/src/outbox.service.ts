import { Injectable } from '@nestjs/common';
import { OutboxEntry } from '@switchboard/database';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { JOB_QUEUE, JobName, JobPayloads } from './queue.contract';

/** Writes jobs to the outbox inside the caller's transaction; the OutboxRelay enqueues them after commit. */
@Injectable()
export class OutboxService {
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
    await manager.insert(OutboxEntry, { id, queue: JOB_QUEUE[name], jobName: name, payload, workspaceId });
    return id;
  }

  /** Payloads of the jobs named `name` written but not yet handed to the queue; for watchdogs. */
  async unsentPayloads<J extends JobName>(manager: EntityManager, name: J): Promise<Array<JobPayloads[J]>> {
    const rows = await manager.find(OutboxEntry, { where: { jobName: name, sentAt: IsNull() }, select: ['payload'] });
    return rows.map((row) => row.payload as unknown as JobPayloads[J]);
  }
}
