import { Logger } from '@nestjs/common';
import { AUDIT_EXPORT_MEDIA_TYPES, AuditLog, auditExportLines } from '@switchboard/audit';
import type { AuditEventView } from '@switchboard/contracts';
import type { WorkspaceId } from '@switchboard/database';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AuditExportQueryDto, auditFilterOf } from './dto/audit-events-query.dto';

/** Streams the matching audit events, oldest first, as a CSV or JSONL download (read in batches, with backpressure). */
export async function sendAuditExport(
  response: Response,
  audit: AuditLog,
  workspaceId: WorkspaceId,
  query: AuditExportQueryDto,
): Promise<void> {
  const events = audit.all(workspaceId, auditFilterOf(query));
  // The first batch is read before anything is sent, so a failing read is still an ordinary error answer.
  const first = await events.next();
  async function* everyEvent(): AsyncGenerator<AuditEventView> {
    if (first.done) return;
    yield first.value;
    yield* events;
  }
  response.setHeader('Content-Type', AUDIT_EXPORT_MEDIA_TYPES[query.format]);
  response.setHeader('Content-Disposition', `attachment; filename="audit-log.${query.format}"`);
  try {
    await pipeline(Readable.from(auditExportLines(everyEvent(), query.format)), response);
  } catch (error) {
    // The download is cut and pipeline has closed the response: there is no answering any more.
    const clientLeft = (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
    if (!clientLeft) logger.warn(`audit export cut short: ${String(error)}`);
  }
}

const logger = new Logger('AuditExport');
