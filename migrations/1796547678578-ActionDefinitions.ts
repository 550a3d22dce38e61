import { MigrationInterface, QueryRunner } from 'typeorm';

export class ActionDefinitions1796547678578 implements MigrationInterface {
  name = 'ActionDefinitions1796547678578';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "action_definitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(64) NOT NULL, "description" text NOT NULL, "method" character varying(8) NOT NULL, "url" character varying(2048) NOT NULL, "parameters" jsonb NOT NULL, "identity" jsonb NOT NULL DEFAULT '[]', "sideEffect" boolean NOT NULL DEFAULT false, "examples" jsonb NOT NULL DEFAULT '[]', "headers" jsonb NOT NULL DEFAULT '{}', "secrets" jsonb NOT NULL DEFAULT '{}', "channels" jsonb, "visibility" character varying(16) NOT NULL DEFAULT 'public', "timeoutMs" integer NOT NULL, "maxResponseBytes" integer NOT NULL, "answerTemplate" text, "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_9d448883dc527ce81126ab61528" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4cde0a1030df655c2aa53451ae" ON "action_definitions" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_860b5e54e412e14d2253a59d09" ON "action_definitions" ("workspaceId", "name") `,
    );
    await queryRunner.query(
      `ALTER TABLE "action_definitions" ADD CONSTRAINT "FK_4cde0a1030df655c2aa53451ae6" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "action_definitions" DROP CONSTRAINT "FK_4cde0a1030df655c2aa53451ae6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_860b5e54e412e14d2253a59d09"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4cde0a1030df655c2aa53451ae"`);
    await queryRunner.query(`DROP TABLE "action_definitions"`);
  }
}
