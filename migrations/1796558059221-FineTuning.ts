import { MigrationInterface, QueryRunner } from 'typeorm';

export class FineTuning1796558059221 implements MigrationInterface {
  name = 'FineTuning1796558059221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "fine_tuning_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "seed" integer NOT NULL, "trainJsonl" text NOT NULL, "validationJsonl" text NOT NULL, "report" jsonb NOT NULL, CONSTRAINT "PK_42ad030b1f537565a273d99322a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5cd686b5b98c59302c63a85d2f" ON "fine_tuning_exports" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_1b81902a80bb2fe0359166cfde" ON "fine_tuning_exports" ("workspaceId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "fine_tuning_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "exportId" uuid NOT NULL, "task" character varying(32) NOT NULL, "baseModel" character varying(200) NOT NULL, "providerJobId" character varying(200) NOT NULL, "trainingFileId" character varying(200) NOT NULL, "validationFileId" character varying(200), "status" character varying(32) NOT NULL, "fineTunedModel" character varying(300), "error" text, "events" jsonb NOT NULL DEFAULT '[]', "activated" boolean NOT NULL DEFAULT false, "finishedAt" TIMESTAMP WITH TIME ZONE, "polls" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_2faa8215707965fc990c0b2d83f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f678f301dd6a944155c5d087e4" ON "fine_tuning_jobs" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_8d4827c2c4c8f15f366e873f09" ON "fine_tuning_jobs" ("workspaceId", "createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "contacts" ADD "erasureRequestedAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "fine_tuning_exports" ADD CONSTRAINT "FK_5cd686b5b98c59302c63a85d2f0" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "fine_tuning_jobs" ADD CONSTRAINT "FK_f678f301dd6a944155c5d087e47" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "fine_tuning_jobs" DROP CONSTRAINT "FK_f678f301dd6a944155c5d087e47"`);
    await queryRunner.query(`ALTER TABLE "fine_tuning_exports" DROP CONSTRAINT "FK_5cd686b5b98c59302c63a85d2f0"`);
    await queryRunner.query(`ALTER TABLE "contacts" DROP COLUMN "erasureRequestedAt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8d4827c2c4c8f15f366e873f09"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f678f301dd6a944155c5d087e4"`);
    await queryRunner.query(`DROP TABLE "fine_tuning_jobs"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1b81902a80bb2fe0359166cfde"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5cd686b5b98c59302c63a85d2f"`);
    await queryRunner.query(`DROP TABLE "fine_tuning_exports"`);
  }
}
