import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditEvents1796566989716 implements MigrationInterface {
  name = 'AuditEvents1796566989716';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "seq" BIGSERIAL NOT NULL, "occurredAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actorType" character varying(16) NOT NULL, "actorId" character varying(64), "actorDisplay" character varying(400) NOT NULL, "ip" character varying(64), "action" character varying(100) NOT NULL, "targetType" character varying(50) NOT NULL, "targetId" character varying(64), "diff" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0d9377955961c04ae4dc8bc5cb" ON "audit_events" ("workspaceId", "seq") `);
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "FK_271ff7bb7af5df5084a873910ef" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Added by hand to the generated migration: the audit trail is append-only for everyone, not just the app.
    await queryRunner.query(
      `CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
    await queryRunner.query(`DROP TRIGGER "audit_events_no_update_or_delete" ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "FK_271ff7bb7af5df5084a873910ef"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0d9377955961c04ae4dc8bc5cb"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
  }
}
