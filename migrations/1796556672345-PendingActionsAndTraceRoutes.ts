import { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingActionsAndTraceRoutes1796556672345 implements MigrationInterface {
  name = 'PendingActionsAndTraceRoutes1796556672345';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pending_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "conversationId" uuid NOT NULL, "action" character varying(64) NOT NULL, "arguments" jsonb NOT NULL DEFAULT '{}', "missing" jsonb NOT NULL DEFAULT '[]', "awaiting" character varying(16) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ce4a91f62be035bef4054e35fde" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_849c70eba43c152432382cb2a2" ON "pending_actions" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_167bd19f0fdda3422b5aaa05df" ON "pending_actions" ("workspaceId", "conversationId") `,
    );
    await queryRunner.query(`ALTER TABLE "answer_traces" ADD "route" jsonb`);
    await queryRunner.query(
      `ALTER TABLE "pending_actions" ADD CONSTRAINT "FK_849c70eba43c152432382cb2a24" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pending_actions" ADD CONSTRAINT "FK_f92cca6468ee9cdf069fd8efc02" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pending_actions" DROP CONSTRAINT "FK_f92cca6468ee9cdf069fd8efc02"`);
    await queryRunner.query(`ALTER TABLE "pending_actions" DROP CONSTRAINT "FK_849c70eba43c152432382cb2a24"`);
    await queryRunner.query(`ALTER TABLE "answer_traces" DROP COLUMN "route"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_167bd19f0fdda3422b5aaa05df"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_849c70eba43c152432382cb2a2"`);
    await queryRunner.query(`DROP TABLE "pending_actions"`);
  }
}
