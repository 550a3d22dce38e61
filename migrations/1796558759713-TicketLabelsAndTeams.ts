import { MigrationInterface, QueryRunner } from 'typeorm';

export class TicketLabelsAndTeams1796558759713 implements MigrationInterface {
  name = 'TicketLabelsAndTeams1796558759713';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(100) NOT NULL, "agentIds" uuid array NOT NULL DEFAULT '{}', "topics" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3ca5ec3f5558bcfb54c76a1ef2" ON "teams" ("workspaceId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a9dd92dafc23cb806b772f8ce3" ON "teams" ("workspaceId", "name") `);
    await queryRunner.query(
      `CREATE TABLE "ticket_label_corrections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ticketId" uuid NOT NULL, "agentId" uuid, "previous" jsonb NOT NULL, "labels" jsonb NOT NULL, "text" text NOT NULL, CONSTRAINT "PK_4fbad06853290194b13e55aa119" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_d5621309f795d2b068a455cbd2" ON "ticket_label_corrections" ("workspaceId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_3b4f55f665d793d9cc207bec21" ON "ticket_label_corrections" ("workspaceId", "createdAt") `,
    );
    await queryRunner.query(`ALTER TABLE "tickets" ADD "topic" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "urgency" character varying(8)`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "sentiment" character varying(8)`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "language" character varying(2)`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "labelSource" character varying(8)`);
    await queryRunner.query(`CREATE INDEX "IDX_7cda0911040e717bc9ca9d678f" ON "tickets" ("workspaceId", "topic") `);
    await queryRunner.query(
      `ALTER TABLE "teams" ADD CONSTRAINT "FK_3ca5ec3f5558bcfb54c76a1ef23" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_label_corrections" ADD CONSTRAINT "FK_d5621309f795d2b068a455cbd28" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_label_corrections" ADD CONSTRAINT "FK_78f2384dc0d794dc87035012626" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_label_corrections" ADD CONSTRAINT "FK_f5844fcd554cbb1d619a7889ae9" FOREIGN KEY ("agentId") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_label_corrections" DROP CONSTRAINT "FK_f5844fcd554cbb1d619a7889ae9"`);
    await queryRunner.query(`ALTER TABLE "ticket_label_corrections" DROP CONSTRAINT "FK_78f2384dc0d794dc87035012626"`);
    await queryRunner.query(`ALTER TABLE "ticket_label_corrections" DROP CONSTRAINT "FK_d5621309f795d2b068a455cbd28"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP CONSTRAINT "FK_3ca5ec3f5558bcfb54c76a1ef23"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7cda0911040e717bc9ca9d678f"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "labelSource"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "sentiment"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "urgency"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "topic"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3b4f55f665d793d9cc207bec21"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d5621309f795d2b068a455cbd2"`);
    await queryRunner.query(`DROP TABLE "ticket_label_corrections"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a9dd92dafc23cb806b772f8ce3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ca5ec3f5558bcfb54c76a1ef2"`);
    await queryRunner.query(`DROP TABLE "teams"`);
  }
}
