import { MigrationInterface, QueryRunner } from 'typeorm';

// Generated, then: the GIN index added (TypeORM cannot declare one), and typeorm_metadata keyed by the database it
// runs in rather than the one it was generated in.
export class MessageSearchVector1796566914938 implements MigrationInterface {
  name = 'MessageSearchVector1796566914938';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "messages" ADD "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "content")) STORED NOT NULL`,
    );
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (current_database(), current_schema(), $1, $2, $3, $4)`,
      ['messages', 'GENERATED_COLUMN', 'searchVector', `to_tsvector('simple'::regconfig, "content")`],
    );
    await queryRunner.query(`CREATE INDEX "IDX_messages_search_vector" ON "messages" USING GIN ("searchVector")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_messages_search_vector"`);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = current_database() AND "schema" = current_schema() AND "table" = $3`,
      ['GENERATED_COLUMN', 'searchVector', 'messages'],
    );
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "searchVector"`);
  }
}
