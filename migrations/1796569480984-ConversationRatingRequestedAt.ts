import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConversationRatingRequestedAt1796569480984 implements MigrationInterface {
  name = 'ConversationRatingRequestedAt1796569480984';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" ADD "ratingRequestedAt" TIMESTAMP WITH TIME ZONE`);
    // Conversations already asked (a bot message carrying csatRequest) are not asked again by the idle sweep.
    await queryRunner.query(`UPDATE "conversations" c SET "ratingRequestedAt" = asked.at FROM (
            SELECT "conversationId", min("createdAt") AS at FROM "messages"
             WHERE author = 'bot' AND metadata ? 'csatRequest' GROUP BY "conversationId") asked
          WHERE c.id = asked."conversationId"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "ratingRequestedAt"`);
  }
}
