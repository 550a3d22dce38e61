import { EntityManager } from 'typeorm';

export type DocumentOutcome = 'indexed' | 'skipped' | 'failed';

/**
 * Records a document's outcome in its sync exactly once: BullMQ may deliver a job twice, but only the
 * first delivery flips the document's outcome from null, and only that one increments the counter.
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
  await manager.query(`UPDATE knowledge_syncs SET "${outcome}" = "${outcome}" + 1 WHERE id = $1`, [syncId]);
  await completeIfDone(manager, syncId);
  return true;
}

/** Marks a sync completed once discovery has ended and every document it covers has an outcome. */
export async function completeIfDone(manager: EntityManager, syncId: string): Promise<void> {
  await manager.query(
    `UPDATE knowledge_syncs SET status = 'completed', "finishedAt" = now()
      WHERE id = $1 AND status = 'running' AND NOT discovering AND indexed + skipped + failed >= total`,
    [syncId],
  );
}

/** A document taken over by a newer sync counts as skipped in the older one, so that one can still finish. */
export async function releaseFromRunningSync(manager: EntityManager, documentId: string): Promise<void> {
  const rows = await manager.query<[Array<{ id: string }>, number]>(
    `UPDATE knowledge_syncs s SET skipped = skipped + 1
       FROM documents d
      WHERE d.id = $1 AND d."lastSyncId" = s.id AND d."syncOutcome" IS NULL AND s.status = 'running'
      RETURNING s.id`,
    [documentId],
  );
  for (const row of rows[0]) await completeIfDone(manager, row.id);
}
