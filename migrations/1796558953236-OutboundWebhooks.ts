import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboundWebhooks1796558953236 implements MigrationInterface {
  name = 'OutboundWebhooks1796558953236';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "url" character varying(2048) NOT NULL, "events" jsonb NOT NULL DEFAULT '[]', "enabled" boolean NOT NULL DEFAULT true, "description" character varying(500) NOT NULL DEFAULT '', "secret" text NOT NULL, "previousSecret" text, "previousSecretExpiresAt" TIMESTAMP WITH TIME ZONE, "consecutiveFailures" integer NOT NULL DEFAULT '0', "failingSince" TIMESTAMP WITH TIME ZONE, "disabledAt" TIMESTAMP WITH TIME ZONE, "disabledReason" text, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e2cf9f7be9d737cc9dc76b70f9" ON "webhook_endpoints" ("workspaceId") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "seq" BIGSERIAL NOT NULL, "endpointId" uuid NOT NULL, "eventId" uuid NOT NULL, "eventType" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "conversationId" uuid, "replayOf" uuid, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" TIMESTAMP WITH TIME ZONE, "leasedUntil" TIMESTAMP WITH TIME ZONE, "firstAttemptAt" TIMESTAMP WITH TIME ZONE, "lastAttemptAt" TIMESTAMP WITH TIME ZONE, "responseStatus" integer, "latencyMs" integer, "responseExcerpt" text, "error" text, "deliveredAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c50a879ac3413ccfd42045cf64" ON "webhook_deliveries" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries" ("nextAttemptAt") WHERE "status" = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_7d120933c354865098cacc3acf" ON "webhook_deliveries" ("workspaceId", "endpointId", "seq") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "FK_e2cf9f7be9d737cc9dc76b70f90" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_c50a879ac3413ccfd42045cf644" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_9f63fc91ff6cbd3f8238b9a7812" FOREIGN KEY ("endpointId") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_9f63fc91ff6cbd3f8238b9a7812"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_c50a879ac3413ccfd42045cf644"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "FK_e2cf9f7be9d737cc9dc76b70f90"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7d120933c354865098cacc3acf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c50a879ac3413ccfd42045cf64"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e2cf9f7be9d737cc9dc76b70f9"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
  }
}
