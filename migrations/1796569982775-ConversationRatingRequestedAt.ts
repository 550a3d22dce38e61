import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConversationRatingRequestedAt1796569982775 implements MigrationInterface {
  name = 'ConversationRatingRequestedAt1796569982775';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "conversations" ADD "ratingRequestedAt" TIMESTAMP WITH TIME ZONE`);
    // Conversations already asked (a bot message carrying csatRequest) are not asked again by the idle sweep.
    await queryRunner.query(`UPDATE "conversations" c SET "ratingRequestedAt" = asked.at FROM (
            SELECT "conversationId", min("createdAt") AS at FROM "messages"
             WHERE author = 'bot' AND metadata ? 'csatRequest' GROUP BY "conversationId") asked
          WHERE c.id = asked."conversationId"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_conversations_idle_unrated" ON "conversations" ("lastActivityAt") WHERE "owner" = 'bot' AND "ratingRequestedAt" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_conversations_idle_unrated"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "ratingRequestedAt"`);
  }
}
