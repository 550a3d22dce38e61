import { MigrationInterface, QueryRunner } from 'typeorm';

export class KnowledgeIngestion1795753122313 implements MigrationInterface {
  name = 'KnowledgeIngestion1795753122313';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "embedding_cache" ("model" character varying(100) NOT NULL, "hash" character(64) NOT NULL, "vector" bytea NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e86f0836549708dc913b08a7c33" PRIMARY KEY ("model", "hash"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "knowledge_syncs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sourceId" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'running', "trigger" character varying(16) NOT NULL, "total" integer NOT NULL DEFAULT '0', "indexed" integer NOT NULL DEFAULT '0', "skipped" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "discovering" boolean NOT NULL DEFAULT false, "deleted" integer NOT NULL DEFAULT '0', "error" text, "finishedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3b12febe8158dd7cfd14ebe9346" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_45ae1e6eef6f0667e79e243a5e" ON "knowledge_syncs" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_97213a5b227fb339132f85a7d2" ON "knowledge_syncs" ("sourceId", "createdAt") `,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD "mediaType" character varying(100) NOT NULL DEFAULT 'text/plain'`,
    );
    await queryRunner.query(`ALTER TABLE "documents" ADD "sizeBytes" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "embeddingModel" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "lastSyncId" uuid`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "syncOutcome" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "etag" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "documents" ADD "lastModified" character varying(100)`);
    await queryRunner.query(`CREATE INDEX "IDX_f14097bd44676817c76787e4e9" ON "documents" ("lastSyncId") `);
    await queryRunner.query(
      `ALTER TABLE "knowledge_syncs" ADD CONSTRAINT "FK_45ae1e6eef6f0667e79e243a5e5" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_syncs" ADD CONSTRAINT "FK_9114ba85bbcfbd02984cbfde635" FOREIGN KEY ("sourceId") REFERENCES "knowledge_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "knowledge_syncs" DROP CONSTRAINT "FK_9114ba85bbcfbd02984cbfde635"`);
    await queryRunner.query(`ALTER TABLE "knowledge_syncs" DROP CONSTRAINT "FK_45ae1e6eef6f0667e79e243a5e5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f14097bd44676817c76787e4e9"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "lastModified"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "etag"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "syncOutcome"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "lastSyncId"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "embeddingModel"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "sizeBytes"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "mediaType"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97213a5b227fb339132f85a7d2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45ae1e6eef6f0667e79e243a5e"`);
    await queryRunner.query(`DROP TABLE "knowledge_syncs"`);
    await queryRunner.query(`DROP TABLE "embedding_cache"`);
  }
}
