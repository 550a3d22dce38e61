import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AnswerTrace, WorkspaceId, isUuid } from '@switchboard/database';
import { DataSource } from 'typeorm';

export type NewTrace = Omit<AnswerTrace, 'id' | 'createdAt' | 'updatedAt' | 'workspace' | 'feedback'>;

/** Writes one AnswerTrace per answer: what was asked, retrieved, prompted, answered, decided, and what it cost. */
@Injectable()
export class AnswerTracesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(trace: NewTrace): Promise<string> {
    const repository = this.dataSource.getRepository(AnswerTrace);
    const saved = await repository.save(repository.create(trace));
    return saved.id;
  }

  async get(workspaceId: WorkspaceId, id: string): Promise<AnswerTrace | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(AnswerTrace).findOne({ where: { id, workspaceId } });
  }

  async recordFeedback(workspaceId: WorkspaceId, id: string, helpful: boolean): Promise<boolean> {
    if (!isUuid(id)) return false;
    const result = await this.dataSource
      .getRepository(AnswerTrace)
      .update({ id, workspaceId }, { feedback: helpful ? 1 : -1 });
    return (result.affected ?? 0) > 0;
  }
}
