import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgentPresenceAndTicketResolution1795800000000 implements MigrationInterface {
  name = 'AgentPresenceAndTicketResolution1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agents" ADD "lastSeenAt" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "agents" ALTER COLUMN "availability" SET DEFAULT 'online'`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "resolution" character varying(16)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "resolution"`);
    await queryRunner.query(`ALTER TABLE "agents" ALTER COLUMN "availability" SET DEFAULT 'offline'`);
    await queryRunner.query(`ALTER TABLE "agents" DROP COLUMN "lastSeenAt"`);
  }
}
