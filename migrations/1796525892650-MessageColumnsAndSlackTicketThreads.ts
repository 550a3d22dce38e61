import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessageColumnsAndSlackTicketThreads1796525892650 implements MigrationInterface {
  name = 'MessageColumnsAndSlackTicketThreads1796525892650';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "slack_ticket_threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "workspaceId" uuid NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ticketId" uuid NOT NULL, "conversationId" uuid NOT NULL, "slackInboxId" uuid NOT NULL, "channel" character varying(64) NOT NULL, "ts" character varying(64) NOT NULL, CONSTRAINT "PK_52c8e022a49564b0065632c4f14" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2319c472163bdea26e046e48c2" ON "slack_ticket_threads" ("workspaceId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_ea6d2b0ba90302119202a2263b" ON "slack_ticket_threads" ("workspaceId", "channel", "ts") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f34c1c1683d3995cdb1df1f498" ON "slack_ticket_threads" ("ticketId") `,
    );
    await queryRunner.query(`ALTER TABLE "messages" ADD "kind" character varying(16) NOT NULL DEFAULT 'message'`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "replyToMessageId" uuid`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "feedback" character varying(8)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_5cf40f1c906bae78e1d38abc25" ON "messages" ("workspaceId", "createdAt") WHERE "feedback" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_90281d8d030fdfa854d259f052" ON "messages" ("workspaceId", "createdAt") WHERE "kind" = 'answer'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_865adf5e44443f1ec96bcac6f0" ON "messages" ("replyToMessageId") WHERE "replyToMessageId" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "FK_4e18c5bd9344f845152f61f5c53" FOREIGN KEY ("replyToMessageId") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "slack_ticket_threads" ADD CONSTRAINT "FK_2319c472163bdea26e046e48c25" FOREIGN KEY ("workspaceId") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "slack_ticket_threads" ADD CONSTRAINT "FK_f34c1c1683d3995cdb1df1f498c" FOREIGN KEY ("ticketId") REFERENCES "tickets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "slack_ticket_threads" ADD CONSTRAINT "FK_81c866a3fb771030610de0326cc" FOREIGN KEY ("conversationId") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "slack_ticket_threads" ADD CONSTRAINT "FK_212ba72cc8590faa364d17d5f2e" FOREIGN KEY ("slackInboxId") REFERENCES "inboxes"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await moveMessageKeysToColumns(queryRunner);
    await backfillTicketResolutions(queryRunner);
    await moveSlackMirrorsToThreads(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await moveSlackMirrorsBackToMetadata(queryRunner);
    await moveMessageColumnsBackToMetadata(queryRunner);
    await queryRunner.query(`ALTER TABLE "slack_ticket_threads" DROP CONSTRAINT "FK_212ba72cc8590faa364d17d5f2e"`);
    await queryRunner.query(`ALTER TABLE "slack_ticket_threads" DROP CONSTRAINT "FK_81c866a3fb771030610de0326cc"`);
    await queryRunner.query(`ALTER TABLE "slack_ticket_threads" DROP CONSTRAINT "FK_f34c1c1683d3995cdb1df1f498c"`);
    await queryRunner.query(`ALTER TABLE "slack_ticket_threads" DROP CONSTRAINT "FK_2319c472163bdea26e046e48c25"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_4e18c5bd9344f845152f61f5c53"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_865adf5e44443f1ec96bcac6f0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_90281d8d030fdfa854d259f052"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5cf40f1c906bae78e1d38abc25"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "feedback"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "replyToMessageId"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f34c1c1683d3995cdb1df1f498"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ea6d2b0ba90302119202a2263b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2319c472163bdea26e046e48c2"`);
    await queryRunner.query(`DROP TABLE "slack_ticket_threads"`);
  }
}

// Data moves, in SQL: the rows as today's code wrote them (metadata keys), into the columns and table above.

/** kind, replyTo and feedback leave the metadata; kind is derived as the widget did for rows stored without one. */
async function moveMessageKeysToColumns(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
        UPDATE messages SET kind = CASE
            WHEN metadata->>'kind' IN ('message', 'answer', 'handoff', 'offline', 'activity') THEN metadata->>'kind'
            WHEN direction = 'activity' OR author = 'system' THEN 'activity'
            ELSE 'message' END`);
  // Compared as text: a replyTo that is no message id of the conversation is dropped, not a failed cast.
  await queryRunner.query(`
        UPDATE messages m SET "replyToMessageId" = r.id
          FROM messages r
         WHERE m.metadata ? 'replyTo' AND r.id::text = m.metadata->>'replyTo'
           AND r."conversationId" = m."conversationId"`);
  await queryRunner.query(`
        UPDATE messages SET feedback = metadata->>'feedback' WHERE metadata->>'feedback' IN ('up', 'down')`);
  await queryRunner.query(`
        UPDATE messages SET metadata = metadata - 'kind' - 'replyTo' - 'feedback'
         WHERE metadata ?| ARRAY['kind', 'replyTo', 'feedback']`);
}

/** Tickets resolved before tickets.resolution existed: the resolution is on their latest closing activity. */
async function backfillTicketResolutions(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
        UPDATE tickets t SET resolution = closing.resolution
          FROM (SELECT DISTINCT ON (metadata->>'ticketId') metadata->>'ticketId' AS "ticketId",
                       metadata->>'resolution' AS resolution, "workspaceId"
                  FROM messages
                 WHERE direction = 'activity' AND metadata->>'resolution' IN ('resolved', 'handed_back')
                 ORDER BY metadata->>'ticketId', "createdAt" DESC) closing
         WHERE t.id::text = closing."ticketId" AND t."workspaceId" = closing."workspaceId"
           AND t.status = 'resolved' AND t.resolution IS NULL`);
}

/**
 * The mirror activity ({event: 'slack_mirror', slackInboxId, slackThread: 'channel:ts', ticketId}) becomes a thread
 * row; the activity keeps its event and ticket. An agent's reply relayed from the thread is recognised by its
 * clientMessageId ('slack:channel:ts', as customer messages from Slack) instead of metadata.slackTs.
 */
async function moveSlackMirrorsToThreads(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
        INSERT INTO slack_ticket_threads
               ("workspaceId", "ticketId", "conversationId", "slackInboxId", channel, ts, "createdAt", "updatedAt")
        SELECT DISTINCT ON (t.id) m."workspaceId", t.id, m."conversationId", i.id,
               split_part(m.metadata->>'slackThread', ':', 1),
               substr(m.metadata->>'slackThread', strpos(m.metadata->>'slackThread', ':') + 1),
               m."createdAt", m."createdAt"
          FROM messages m
          JOIN tickets t ON t.id::text = m.metadata->>'ticketId' AND t."workspaceId" = m."workspaceId"
          JOIN inboxes i ON i.id::text = m.metadata->>'slackInboxId' AND i."workspaceId" = m."workspaceId"
         WHERE m.direction = 'activity' AND m.metadata->>'event' = 'slack_mirror'
           AND m.metadata->>'slackThread' ~ '^[^:]+:[^:]+$'
         ORDER BY t.id, m."createdAt" ASC`);
  await queryRunner.query(`
        UPDATE messages m SET metadata = m.metadata - 'slackInboxId' - 'slackThread'
          FROM slack_ticket_threads s
         WHERE m.direction = 'activity' AND m.metadata->>'event' = 'slack_mirror'
           AND s."ticketId"::text = m.metadata->>'ticketId'`);
  await queryRunner.query(`
        UPDATE messages m SET "clientMessageId" = 'slack:' || s.channel || ':' || (m.metadata->>'slackTs'),
                              metadata = m.metadata - 'slackTs'
          FROM (SELECT DISTINCT ON ("conversationId") "conversationId", channel
                  FROM slack_ticket_threads ORDER BY "conversationId", "createdAt" DESC) s
         WHERE m.author = 'agent' AND m.metadata ? 'slackTs' AND m."clientMessageId" IS NULL
           AND s."conversationId" = m."conversationId"`);
}

async function moveSlackMirrorsBackToMetadata(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
        UPDATE messages SET metadata = metadata || jsonb_build_object('slackTs', split_part("clientMessageId", ':', 3)),
                            "clientMessageId" = NULL
         WHERE author = 'agent' AND "clientMessageId" LIKE 'slack:%'`);
  await queryRunner.query(`
        UPDATE messages m
           SET metadata = m.metadata || jsonb_build_object('slackInboxId', s."slackInboxId", 'slackThread', s.channel || ':' || s.ts)
          FROM slack_ticket_threads s
         WHERE m.direction = 'activity' AND m.metadata->>'event' = 'slack_mirror'
           AND m.metadata->>'ticketId' = s."ticketId"::text`);
}

/** Bot messages always carried their kind; replyTo and feedback where they are set. Ticket resolutions stay: the
 * column predates this migration and the transcript still holds them. */
async function moveMessageColumnsBackToMetadata(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
        UPDATE messages
           SET metadata = metadata || jsonb_strip_nulls(jsonb_build_object(
                 'kind', CASE WHEN author = 'bot' THEN kind END,
                 'replyTo', "replyToMessageId",
                 'feedback', feedback))
         WHERE author = 'bot' OR "replyToMessageId" IS NOT NULL OR feedback IS NOT NULL`);
}
