import { MigrationInterface, QueryRunner } from 'typeorm';

export class LlmCallLog1795754761229 implements MigrationInterface {
  name = 'LlmCallLog1795754761229';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "llm_calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid, "task" character varying(32) NOT NULL, "provider" character varying(100) NOT NULL, "model" character varying(200) NOT NULL, "prompt" text NOT NULL, "completion" text NOT NULL DEFAULT '', "promptTokens" integer NOT NULL DEFAULT '0', "completionTokens" integer NOT NULL DEFAULT '0', "costUsd" numeric(12,6) NOT NULL DEFAULT '0', "latencyMs" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL, "error" text, "attempt" integer NOT NULL DEFAULT '1', "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_927dd9d5a428274e38a05706af8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7dd2748219dfff69e545b6363d" ON "llm_calls" ("workspaceId", "createdAt") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_7dd2748219dfff69e545b6363d"`);
    await queryRunner.query(`DROP TABLE "llm_calls"`);
  }
}
