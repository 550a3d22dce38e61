import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessageAttachments1796566945556 implements MigrationInterface {
  name = 'MessageAttachments1796566945556';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "message_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "conversationId" uuid NOT NULL, "messageId" uuid NOT NULL, "contactId" uuid NOT NULL, "blobKey" character varying(100) NOT NULL, "contentType" character varying(64) NOT NULL, "byteSize" integer NOT NULL, "fileName" character varying(255) NOT NULL, "sha256" character(64) NOT NULL, CONSTRAINT "PK_e5085d973567c61e9306f10f95b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d10d4e36cfe5bab273dc22ae9c" ON "message_attachments" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_63d40ffb1b9b913b1977e52e24" ON "message_attachments" ("workspaceId", "conversationId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_4c72b96478e7b62b3382e92a9e" ON "message_attachments" ("workspaceId", "contactId") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ce0169962e6af0abc170c86b7c" ON "message_attachments" ("workspaceId", "messageId") `,
    );
    await queryRunner.query(
      `ALTER TABLE "message_attachments" ADD CONSTRAINT "FK_d10d4e36cfe5bab273dc22ae9c2" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_attachments" ADD CONSTRAINT "FK_5b4f24737fcb6b35ffdd4d16e13" FOREIGN KEY ("messageId") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_attachments" ADD CONSTRAINT "FK_3aa4f2c350883e02fc7c45b4104" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "message_attachments" DROP CONSTRAINT "FK_3aa4f2c350883e02fc7c45b4104"`);
    await queryRunner.query(`ALTER TABLE "message_attachments" DROP CONSTRAINT "FK_5b4f24737fcb6b35ffdd4d16e13"`);
    await queryRunner.query(`ALTER TABLE "message_attachments" DROP CONSTRAINT "FK_d10d4e36cfe5bab273dc22ae9c2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce0169962e6af0abc170c86b7c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c72b96478e7b62b3382e92a9e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_63d40ffb1b9b913b1977e52e24"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d10d4e36cfe5bab273dc22ae9c"`);
    await queryRunner.query(`DROP TABLE "message_attachments"`);
  }
}
