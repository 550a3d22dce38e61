import { EntityManager } from 'typeorm';

export type DocumentOutcome = 'indexed' | 'skipped' | 'failed';

/*
 * Lock order for everything that touches a sync (so concurrent re-syncs and ingest jobs cannot deadlock):
 *   knowledge_sources row → documents rows (by id) → knowledge_syncs rows.
 * Starting a sync takes the source row first; ingest jobs take their document row, then their sync row;
 * only finishing a sync (worker side, holding no document lock) takes the source row and then the sync row.
 */

/**
 * Serialises the starts and ends of a source's syncs: each starter and finisher holds the source row.
 * NO KEY UPDATE, not UPDATE: the foreign-key checks of document and sync writes take KEY SHARE on this row.
 */
export async function lockSource(manager: EntityManager, sourceId: string): Promise<boolean> {
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT id FROM knowledge_sources WHERE id = $1 FOR NO KEY UPDATE`,
    [sourceId],
  );
  return rows.length > 0;
}

/** Locks a document's row; false when it no longer exists. */
export async function lockDocument(
  manager: EntityManager,
  documentId: string,
): Promise<{ lastSyncId: string | null } | null> {
  const rows = await manager.query<Array<{ lastSyncId: string | null }>>(
    `SELECT "lastSyncId" FROM documents WHERE id = $1 FOR UPDATE`,
    [documentId],
  );
  return rows[0] ?? null;
}

/** Locks several documents' rows in id order, before any sync row (see lock order). */
export async function lockDocuments(manager: EntityManager, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await manager.query(`SELECT id FROM documents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [documentIds]);
}

/** Whether a sync is still running; stable while the caller holds its source's row (lockSource). */
export async function isRunning(manager: EntityManager, syncId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(`SELECT 1 FROM knowledge_syncs WHERE id = $1 AND status = 'running'`, [
    syncId,
  ]);
  return rows.length > 0;
}

/**
 * Records a document's outcome in its sync exactly once: BullMQ may deliver a job twice, but only the
 * first delivery flips the document's outcome from null, and only that one increments the counter.
 * Completion is left to the SyncFinisher, which first makes the sync's chunks searchable.
 */
export async function recordOutcome(
  manager: EntityManager,
  documentId: string,
  syncId: string,
  outcome: DocumentOutcome,
): Promise<boolean> {
  const [, affected] = await manager.query<[unknown, number]>(
    `UPDATE documents SET "syncOutcome" = $3 WHERE id = $1 AND "lastSyncId" = $2 AND "syncOutcome" IS NULL`,
    [documentId, syncId, outcome],
  );
  if (affected === 0) return false;
  await manager.query(`UPDATE knowledge_syncs SET "${outcome}" = "${outcome}" + 1, "updatedAt" = now() WHERE id = $1`, [
    syncId,
  ]);
  return true;
}

/** Adds discovered documents to a sync that is still running; false when it was superseded or ended. */
export async function growRunningSync(manager: EntityManager, syncId: string, documents: number): Promise<boolean> {
  const [, affected] = await manager.query<[unknown, number]>(
    `UPDATE knowledge_syncs SET total = total + $2, "updatedAt" = now() WHERE id = $1 AND status = 'running'`,
    [syncId, documents],
  );
  return affected > 0;
}

/** A sync is ready to complete once discovery has ended and every document it covers has an outcome. */
export async function isReadyToComplete(manager: EntityManager, syncId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `SELECT 1 FROM knowledge_syncs
      WHERE id = $1 AND status = 'running' AND NOT discovering AND indexed + skipped + failed >= total`,
    [syncId],
  );
  return rows.length > 0;
}

/**
 * Marks a ready sync completed and stamps the source's lastSyncedAt, holding the source row (see lock order).
 * Callers make the chunks searchable first: completed means searchable. Returns whether it completed now.
 */
export async function completeIfReady(manager: EntityManager, sourceId: string, syncId: string): Promise<boolean> {
  await lockSource(manager, sourceId);
  const [rows] = await manager.query<[Array<{ finishedAt: Date }>, number]>(
    `UPDATE knowledge_syncs SET status = 'completed', "finishedAt" = now(), "updatedAt" = now()
      WHERE id = $1 AND status = 'running' AND NOT discovering AND indexed + skipped + failed >= total
      RETURNING "finishedAt"`,
    [syncId],
  );
  if (rows.length === 0) return false;
  await manager.query(
    `UPDATE knowledge_sources SET "lastSyncedAt" = $2,
            status = CASE WHEN EXISTS (SELECT 1 FROM knowledge_syncs WHERE "sourceId" = $1 AND status = 'running')
                          THEN status ELSE 'idle' END
      WHERE id = $1`,
    [sourceId, rows[0].finishedAt],
  );
  return true;
}

/** Ends a running sync as failed with a reason; the source shows failed unless another sync is running. */
export async function failSync(
  manager: EntityManager,
  sourceId: string,
  syncId: string,
  reason: string,
): Promise<boolean> {
  await lockSource(manager, sourceId);
  const [, affected] = await manager.query<[unknown, number]>(
    `UPDATE knowledge_syncs SET status = 'failed', discovering = false, error = $2, "finishedAt" = now(), "updatedAt" = now()
      WHERE id = $1 AND status = 'running'`,
    [syncId, reason.slice(0, 2000)],
  );
  if (affected === 0) return false;
  await manager.query(
    `UPDATE knowledge_sources SET status = 'failed'
      WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM knowledge_syncs WHERE "sourceId" = $1 AND status = 'running')`,
    [sourceId],
  );
  return true;
}

/**
 * A newer sync of a source supersedes the running ones: they end `superseded`, naming the newer sync.
 * The caller holds the source row (lockSource), so starts of one source are ordered.
 */
export async function supersedeRunningSyncs(
  manager: EntityManager,
  sourceId: string,
  newerSyncId: string,
): Promise<void> {
  await manager.query(
    `UPDATE knowledge_syncs SET status = 'superseded', discovering = false, "finishedAt" = now(), "updatedAt" = now(),
            error = 'superseded by sync ' || $2::text
      WHERE "sourceId" = $1 AND status = 'running' AND id <> $2`,
    [sourceId, newerSyncId],
  );
}

/** A document removed while its sync runs counts as skipped there, so the sync can still finish. */
export async function releaseFromRunningSync(manager: EntityManager, documentId: string): Promise<void> {
  await manager.query(
    `UPDATE knowledge_syncs s SET skipped = skipped + 1, "updatedAt" = now()
       FROM documents d
      WHERE d.id = $1 AND d."lastSyncId" = s.id AND d."syncOutcome" IS NULL AND s.status = 'running'`,
    [documentId],
  );
}
