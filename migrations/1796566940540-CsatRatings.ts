import { MigrationInterface, QueryRunner } from 'typeorm';

export class CsatRatings1796566940540 implements MigrationInterface {
  name = 'CsatRatings1796566940540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "csat_ratings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "conversationId" uuid NOT NULL, "contactId" uuid, "score" smallint NOT NULL, "comment" character varying(2000), "channel" character varying(16) NOT NULL, "agentId" uuid, "submittedAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_3eb213298016b5e39fac9da028" CHECK ("score" BETWEEN 1 AND 5), CONSTRAINT "PK_70137dacc111eb7e24a549ef417" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e8dd30e105d1a4c3787cd06675" ON "csat_ratings" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_38ddd7048c05064b13185ae890" ON "csat_ratings" ("workspaceId", "contactId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_8844d59bf2f46cb0bbe94f4b61" ON "csat_ratings" ("workspaceId", "submittedAt") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d3de4a47ac51622a2a00b0e2e7" ON "csat_ratings" ("workspaceId", "conversationId") `,
    );
    await queryRunner.query(
      `ALTER TABLE "csat_ratings" ADD CONSTRAINT "FK_e8dd30e105d1a4c3787cd06675d" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "csat_ratings" ADD CONSTRAINT "FK_f969923cd315c761bf8650ed321" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "csat_ratings" DROP CONSTRAINT "FK_f969923cd315c761bf8650ed321"`);
    await queryRunner.query(`ALTER TABLE "csat_ratings" DROP CONSTRAINT "FK_e8dd30e105d1a4c3787cd06675d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d3de4a47ac51622a2a00b0e2e7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8844d59bf2f46cb0bbe94f4b61"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_38ddd7048c05064b13185ae890"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e8dd30e105d1a4c3787cd06675"`);
    await queryRunner.query(`DROP TABLE "csat_ratings"`);
  }
}
