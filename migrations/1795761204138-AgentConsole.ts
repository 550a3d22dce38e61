import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentConsole1795761204138 implements MigrationInterface {
  name = 'AgentConsole1795761204138';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_ea2ab74144b905475468956481" ON "conversations" ("workspaceId", "inboxId", "contactId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_56a742e8fc2e3b82870a433329" ON "tickets" ("workspaceId", "conversationId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "agent_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "agentId" uuid NOT NULL, "tokenHash" character varying(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_56f9e856ca24a6064c903044605" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_47bc602b89eba036989ec47c48" ON "agent_sessions" ("workspaceId") `);
    await queryRunner.query(`CREATE INDEX "IDX_28da58dd89f419aa0187b385c4" ON "agent_sessions" ("agentId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_249398d64651e0d10cdda7ad63" ON "agent_sessions" ("tokenHash") `);
    await queryRunner.query(
      `CREATE TABLE "canned_replies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "shortCode" character varying(40) NOT NULL, "content" text NOT NULL, CONSTRAINT "PK_dd80b4af0ce27d517e404fbc7d6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_112a3edcd12c61c4e286fef362" ON "canned_replies" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_adf5de7f29548ec5306845f721" ON "canned_replies" ("workspaceId", "shortCode") `,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_sessions" ADD CONSTRAINT "FK_47bc602b89eba036989ec47c48e" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agent_sessions" ADD CONSTRAINT "FK_28da58dd89f419aa0187b385c4c" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "canned_replies" ADD CONSTRAINT "FK_112a3edcd12c61c4e286fef3623" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_ea2ab74144b905475468956481"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_56a742e8fc2e3b82870a433329"`);
    await queryRunner.query(`ALTER TABLE "canned_replies" DROP CONSTRAINT "FK_112a3edcd12c61c4e286fef3623"`);
    await queryRunner.query(`ALTER TABLE "agent_sessions" DROP CONSTRAINT "FK_28da58dd89f419aa0187b385c4c"`);
    await queryRunner.query(`ALTER TABLE "agent_sessions" DROP CONSTRAINT "FK_47bc602b89eba036989ec47c48e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_adf5de7f29548ec5306845f721"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_112a3edcd12c61c4e286fef362"`);
    await queryRunner.query(`DROP TABLE "canned_replies"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_249398d64651e0d10cdda7ad63"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_28da58dd89f419aa0187b385c4"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_47bc602b89eba036989ec47c48"`);
    await queryRunner.query(`DROP TABLE "agent_sessions"`);
  }
}
