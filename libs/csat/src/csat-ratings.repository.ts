import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CsatChannel, CsatRating, TenantRepository, WorkspaceId, asWorkspaceId, isUuid } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** A rating as given, to store: the first one inserts, a later one for the same conversation replaces it. */
export interface CsatRatingValues {
  conversationId: string;
  contactId: string | null;
  score: number;
  comment: string | null;
  channel: CsatChannel;
  agentId: string | null;
}

/** How many ratings of each score one agent (null: the bot) got. */
export interface CsatScoreCount {
  agentId: string | null;
  score: number;
  count: number;
}

/** The only TypeORM access to `csat_ratings`. */
@Injectable()
export class CsatRatingsRepository extends TenantRepository<CsatRating> {
  constructor(@InjectRepository(CsatRating) repository: Repository<CsatRating>) {
    super(repository);
  }

  override withManager(manager: EntityManager): CsatRatingsRepository {
    return new CsatRatingsRepository(manager.getRepository(CsatRating));
  }

  findForConversation(workspaceId: WorkspaceId, conversationId: string): Promise<CsatRating | null> {
    if (!isUuid(conversationId)) return Promise.resolve(null);
    return this.findOne(workspaceId, { conversationId });
  }

  /**
   * One statement, safe against a concurrent first rating of the same conversation: the unique (workspace,
   * conversation) index turns the second insert into an update. submittedAt keeps the first rating's time.
   */
  async save(workspaceId: WorkspaceId, values: CsatRatingValues, now = new Date()): Promise<CsatRating> {
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .into(CsatRating)
      .values({ ...values, workspaceId: asWorkspaceId(workspaceId), submittedAt: now, updatedAt: now })
      .orUpdate(['score', 'comment', 'channel', 'contactId', 'agentId', 'updatedAt'], ['workspaceId', 'conversationId'])
      .returning('*')
      .execute();
    const [row] = result.raw as CsatRating[];
    return this.repository.create(row);
  }

  /** Ratings given (first submitted) since the date, counted by agent and score. */
  async scoreCountsSince(workspaceId: WorkspaceId, since: Date): Promise<CsatScoreCount[]> {
    const rows: Array<{ agentId: string | null; score: number; count: number }> = await this.repository
      .createQueryBuilder('rating')
      .select('rating.agentId', 'agentId')
      .addSelect('rating.score', 'score')
      .addSelect('count(*)::int', 'count')
      .where('rating.workspaceId = :workspaceId', { workspaceId: asWorkspaceId(workspaceId) })
      .andWhere('rating.submittedAt >= :since', { since })
      .groupBy('rating.agentId')
      .addGroupBy('rating.score')
      .getRawMany();
    return rows.map((row) => ({ agentId: row.agentId, score: Number(row.score), count: Number(row.count) }));
  }

  listForContact(workspaceId: WorkspaceId, contactId: string): Promise<CsatRating[]> {
    if (!isUuid(contactId)) return Promise.resolve([]);
    return this.find(workspaceId, { where: { contactId }, order: { submittedAt: 'ASC', id: 'ASC' } });
  }

  async deleteForContact(workspaceId: WorkspaceId, contactId: string): Promise<number> {
    if (!isUuid(contactId)) return 0;
    const result = await this.repository.delete({ workspaceId: asWorkspaceId(workspaceId), contactId });
    return result.affected ?? 0;
  }
}
