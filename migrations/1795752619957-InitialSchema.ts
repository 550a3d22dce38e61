import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795752619957 implements MigrationInterface {
  name = 'InitialSchema1795752619957';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "workspaces" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "settings" jsonb NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "agents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "email" character varying(320) NOT NULL, "name" character varying(200) NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'agent', "passwordHash" character varying(300), "availability" character varying(16) NOT NULL DEFAULT 'offline', CONSTRAINT "PK_9c653f28ae19c5884d5baf6a1d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_891465b3cee1cfe275594eb1cd" ON "agents" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f44a1fa7b496d13484d23c742e" ON "agents" ("workspaceId", "email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "answer_traces" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "conversationId" uuid, "messageId" uuid, "question" text NOT NULL, "retrieved" jsonb NOT NULL DEFAULT '[]', "prompt" text NOT NULL DEFAULT '', "completion" text NOT NULL DEFAULT '', "model" character varying(200) NOT NULL DEFAULT '', "promptTokens" integer NOT NULL DEFAULT '0', "completionTokens" integer NOT NULL DEFAULT '0', "costUsd" numeric(12,6) NOT NULL DEFAULT '0', "latencyMs" jsonb NOT NULL DEFAULT '{}', "features" jsonb NOT NULL DEFAULT '{}', "confidence" double precision NOT NULL, "threshold" double precision NOT NULL, "decision" character varying(16) NOT NULL, "reason" character varying(32), "cacheHit" boolean NOT NULL DEFAULT false, "feedback" smallint, CONSTRAINT "PK_c97dc860e21b76ea07717d0e98b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_fe6864230e3c7eca08730c59eb" ON "answer_traces" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_560efe48f55731b24f9a099914" ON "answer_traces" ("workspaceId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200) NOT NULL, "prefix" character varying(16) NOT NULL, "keyHash" character varying(64) NOT NULL, "lastUsedAt" TIMESTAMP WITH TIME ZONE, "revokedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_da0383f8ff714f82352b8f29bd" ON "api_keys" ("workspaceId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_df3b25181df0b4b59bd93f16e1" ON "api_keys" ("keyHash") `);
    await queryRunner.query(
      `CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200), "email" character varying(320), "externalId" character varying(200), "attributes" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_60c505f7ac4b3dae62c6fbc486" ON "contacts" ("workspaceId") `);
    await queryRunner.query(
      `CREATE TABLE "inboxes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200) NOT NULL, "channel" character varying(16) NOT NULL, "publicKey" character varying(64) NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "secrets" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_902c6fe5be554398e6833bb099c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7f3c6ca451f5e5ebc5ea2caced" ON "inboxes" ("workspaceId") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_2e113c9144d403dccbcac615ab" ON "inboxes" ("publicKey") `);
    await queryRunner.query(
      `CREATE TABLE "contact_inboxes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "contactId" uuid NOT NULL, "inboxId" uuid NOT NULL, "sourceId" character varying(320) NOT NULL, CONSTRAINT "PK_ce31ed11cf17c02835166cf458c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_51e610270892c50ac5e8b422ec" ON "contact_inboxes" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_113bda8dc279b58778c90d32c3" ON "contact_inboxes" ("inboxId", "sourceId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "conversations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "inboxId" uuid NOT NULL, "contactId" uuid NOT NULL, "owner" character varying(16) NOT NULL DEFAULT 'bot', "assigneeId" uuid, "externalThreadId" character varying(500), "lastActivityAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ed74afeb8d28f69b76bd09f410" ON "conversations" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_5da5358ec14ae275ad9ce46d75" ON "conversations" ("workspaceId", "owner") `,
    );
    await queryRunner.query(
      `CREATE TABLE "knowledge_sources" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "name" character varying(200) NOT NULL, "type" character varying(16) NOT NULL, "visibility" character varying(16) NOT NULL DEFAULT 'public', "config" jsonb NOT NULL DEFAULT '{}', "status" character varying(16) NOT NULL DEFAULT 'idle', "lastSyncedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d92b58df209366bc2a9cc542581" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_85362d7448ae2c5e08eb965b5b" ON "knowledge_sources" ("workspaceId") `);
    await queryRunner.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sourceId" uuid NOT NULL, "externalId" character varying(2048) NOT NULL, "title" character varying(500) NOT NULL, "url" character varying(2048), "visibility" character varying(16) NOT NULL, "contentHash" character varying(64), "version" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'pending', "error" text, "chunkCount" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ab977275b98b482fe6081f9b8a" ON "documents" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_124d598b783a5e7e0a835b1460" ON "documents" ("sourceId", "externalId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "conversationId" uuid NOT NULL, "direction" character varying(16) NOT NULL, "author" character varying(16) NOT NULL, "agentId" uuid, "content" text NOT NULL, "private" boolean NOT NULL DEFAULT false, "deliveryStatus" character varying(16) NOT NULL DEFAULT 'received', "clientMessageId" character varying(200), "metadata" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1d227f15b5d76efbfd5ddd72be" ON "messages" ("workspaceId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9aed91de2c2425fc45f9dbe2cd" ON "messages" ("conversationId", "clientMessageId") WHERE "clientMessageId" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_751332fc6cc6fc576c6975cd07" ON "messages" ("conversationId", "createdAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "seq" BIGSERIAL NOT NULL, "workspaceId" uuid, "queue" character varying(64) NOT NULL, "jobName" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "lastError" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sentAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_outbox_unsent" ON "outbox" ("seq") WHERE "sentAt" IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "tickets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "conversationId" uuid NOT NULL, "reason" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "answerTraceId" uuid, "confidenceTrace" jsonb NOT NULL DEFAULT '{}', "summary" text NOT NULL DEFAULT '', "sources" jsonb NOT NULL DEFAULT '[]', "assigneeId" uuid, "firstResponseAt" TIMESTAMP WITH TIME ZONE, "resolvedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_343bc942ae261cf7a1377f48fd0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_acd2902f8d3e072cec62b96063" ON "tickets" ("workspaceId") `);
    await queryRunner.query(`CREATE INDEX "IDX_29571c1a9ace30aae7b8ffcfda" ON "tickets" ("workspaceId", "status") `);
    await queryRunner.query(
      `ALTER TABLE "agents" ADD CONSTRAINT "FK_891465b3cee1cfe275594eb1cd7" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "answer_traces" ADD CONSTRAINT "FK_fe6864230e3c7eca08730c59ebe" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_da0383f8ff714f82352b8f29bd8" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "FK_60c505f7ac4b3dae62c6fbc486f" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inboxes" ADD CONSTRAINT "FK_7f3c6ca451f5e5ebc5ea2caced7" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_inboxes" ADD CONSTRAINT "FK_51e610270892c50ac5e8b422ece" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_inboxes" ADD CONSTRAINT "FK_169c77c84a5c352e75238709809" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contact_inboxes" ADD CONSTRAINT "FK_f3e1442ef9681dc3bd97cc6dfdb" FOREIGN KEY ("inboxId") REFERENCES "inboxes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD CONSTRAINT "FK_ed74afeb8d28f69b76bd09f4105" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD CONSTRAINT "FK_b89a79c4bf89b45db83440b8c05" FOREIGN KEY ("inboxId") REFERENCES "inboxes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD CONSTRAINT "FK_c6b7bd06b2ed2058982f4572961" FOREIGN KEY ("contactId") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations" ADD CONSTRAINT "FK_e45874bb218d94322a047e508ca" FOREIGN KEY ("assigneeId") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "knowledge_sources" ADD CONSTRAINT "FK_85362d7448ae2c5e08eb965b5bc" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_ab977275b98b482fe6081f9b8a6" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "FK_3336e4025df8e0305bb26ad6472" FOREIGN KEY ("sourceId") REFERENCES "knowledge_sources"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_1d227f15b5d76efbfd5ddd72be6" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_e5663ce0c730b2de83445e2fd19" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_acd2902f8d3e072cec62b960637" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_bb92630ef54b40be2459756b8d1" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "FK_4f127f7c92139971ec4cbbe0bd5" FOREIGN KEY ("assigneeId") REFERENCES "agents"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_4f127f7c92139971ec4cbbe0bd5"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_bb92630ef54b40be2459756b8d1"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "FK_acd2902f8d3e072cec62b960637"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_e5663ce0c730b2de83445e2fd19"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_1d227f15b5d76efbfd5ddd72be6"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_3336e4025df8e0305bb26ad6472"`);
    await queryRunner.query(`ALTER TABLE "documents" DROP CONSTRAINT "FK_ab977275b98b482fe6081f9b8a6"`);
    await queryRunner.query(`ALTER TABLE "knowledge_sources" DROP CONSTRAINT "FK_85362d7448ae2c5e08eb965b5bc"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_e45874bb218d94322a047e508ca"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_c6b7bd06b2ed2058982f4572961"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_b89a79c4bf89b45db83440b8c05"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_ed74afeb8d28f69b76bd09f4105"`);
    await queryRunner.query(`ALTER TABLE "contact_inboxes" DROP CONSTRAINT "FK_f3e1442ef9681dc3bd97cc6dfdb"`);
    await queryRunner.query(`ALTER TABLE "contact_inboxes" DROP CONSTRAINT "FK_169c77c84a5c352e75238709809"`);
    await queryRunner.query(`ALTER TABLE "contact_inboxes" DROP CONSTRAINT "FK_51e610270892c50ac5e8b422ece"`);
    await queryRunner.query(`ALTER TABLE "inboxes" DROP CONSTRAINT "FK_7f3c6ca451f5e5ebc5ea2caced7"`);
    await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "FK_60c505f7ac4b3dae62c6fbc486f"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_da0383f8ff714f82352b8f29bd8"`);
    await queryRunner.query(`ALTER TABLE "answer_traces" DROP CONSTRAINT "FK_fe6864230e3c7eca08730c59ebe"`);
    await queryRunner.query(`ALTER TABLE "agents" DROP CONSTRAINT "FK_891465b3cee1cfe275594eb1cd7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_29571c1a9ace30aae7b8ffcfda"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_acd2902f8d3e072cec62b96063"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_unsent"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_751332fc6cc6fc576c6975cd07"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9aed91de2c2425fc45f9dbe2cd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1d227f15b5d76efbfd5ddd72be"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_124d598b783a5e7e0a835b1460"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ab977275b98b482fe6081f9b8a"`);
    await queryRunner.query(`DROP TABLE "documents"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_85362d7448ae2c5e08eb965b5b"`);
    await queryRunner.query(`DROP TABLE "knowledge_sources"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5da5358ec14ae275ad9ce46d75"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ed74afeb8d28f69b76bd09f410"`);
    await queryRunner.query(`DROP TABLE "conversations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_113bda8dc279b58778c90d32c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_51e610270892c50ac5e8b422ec"`);
    await queryRunner.query(`DROP TABLE "contact_inboxes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2e113c9144d403dccbcac615ab"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7f3c6ca451f5e5ebc5ea2caced"`);
    await queryRunner.query(`DROP TABLE "inboxes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_60c505f7ac4b3dae62c6fbc486"`);
    await queryRunner.query(`DROP TABLE "contacts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df3b25181df0b4b59bd93f16e1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_da0383f8ff714f82352b8f29bd"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_560efe48f55731b24f9a099914"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fe6864230e3c7eca08730c59eb"`);
    await queryRunner.query(`DROP TABLE "answer_traces"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f44a1fa7b496d13484d23c742e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_891465b3cee1cfe275594eb1cd"`);
    await queryRunner.query(`DROP TABLE "agents"`);
    await queryRunner.query(`DROP TABLE "workspaces"`);
  }
}
