import { Injectable } from '@nestjs/common';
import { Ticket, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { DataSource, IsNull, Not, Repository } from 'typeorm';

/**
 * Ticket outcomes for the reports. Kept apart from the tickets repository being written at the same time;
 * fold it in there once both have landed.
 */
@Injectable()
export class TicketOutcomesRepository {
  private readonly tickets: Repository<Ticket>;

  constructor(dataSource: DataSource) {
    this.tickets = dataSource.getRepository(Ticket);
  }

  /** The answer traces whose escalation an agent resolved. */
  async resolvedAnswerTraceIds(workspaceId: WorkspaceId): Promise<string[]> {
    const rows = await this.tickets.find({
      select: { answerTraceId: true },
      where: { workspaceId: asWorkspaceId(workspaceId), status: 'resolved', answerTraceId: Not(IsNull()) },
    });
    return [...new Set(rows.map((row) => row.answerTraceId).filter((id): id is string => id !== null))];
  }
}
