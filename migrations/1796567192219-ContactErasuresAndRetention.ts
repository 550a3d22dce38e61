import { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactErasuresAndRetention1796567192219 implements MigrationInterface {
  name = 'ContactErasuresAndRetention1796567192219';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "contact_erasures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "contactHash" character(64) NOT NULL, "counts" jsonb NOT NULL, "requestedBy" character varying(100) NOT NULL, CONSTRAINT "PK_99e787ac08e3eec555a387ebded" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b6df96544ea297a1a2a0e5c3cf" ON "contact_erasures" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_ebde4ff9cb0b5eca54f1401bb0" ON "contact_erasures" ("workspaceId", "createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "llm_calls" ADD "conversationId" uuid`);
    await queryRunner.query(
      `CREATE INDEX "IDX_61f867e1520bf56f56266bc5ae" ON "conversations" ("workspaceId", "lastActivityAt") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_09a8bc6b074d29f0cf97833061" ON "llm_calls" ("conversationId") `);
    await queryRunner.query(
      `ALTER TABLE "contact_erasures" ADD CONSTRAINT "FK_b6df96544ea297a1a2a0e5c3cf5" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "contact_erasures" DROP CONSTRAINT "FK_b6df96544ea297a1a2a0e5c3cf5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_09a8bc6b074d29f0cf97833061"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_61f867e1520bf56f56266bc5ae"`);
    await queryRunner.query(`ALTER TABLE "llm_calls" DROP COLUMN "conversationId"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ebde4ff9cb0b5eca54f1401bb0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b6df96544ea297a1a2a0e5c3cf"`);
    await queryRunner.query(`DROP TABLE "contact_erasures"`);
  }
}
