import { Logger } from '@nestjs/common';
import { AUDIT_EXPORT_MEDIA_TYPES, AuditLog, auditExportLines } from '@switchboard/audit';
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
  response.setHeader('Content-Type', AUDIT_EXPORT_MEDIA_TYPES[query.format]);
  response.setHeader('Content-Disposition', `attachment; filename="audit-log.${query.format}"`);
  const lines = auditExportLines(audit.all(workspaceId, auditFilterOf(query)), query.format);
  try {
    await pipeline(Readable.from(lines), response);
  } catch (error) {
    // Before the first byte the error filter still answers; after it the download is cut and pipeline closed it.
    if (!response.headersSent) throw error;
    const clientLeft = (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
    if (!clientLeft) logger.warn(`audit export cut short: ${String(error)}`);
  }
}

const logger = new Logger('AuditExport');
