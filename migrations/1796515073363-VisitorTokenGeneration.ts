import { MigrationInterface, QueryRunner } from 'typeorm';

export class VisitorTokenGeneration1796515073363 implements MigrationInterface {
  name = 'VisitorTokenGeneration1796515073363';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inboxes" ADD "visitorTokenGeneration" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inboxes" DROP COLUMN "visitorTokenGeneration"`);
  }
}
