import { Injectable } from '@nestjs/common';
import type { ContactScope, ErasureCounts } from '@switchboard/database';
import { MoreThanOrEqual } from 'typeorm';
import { FineTuningExportsRepository } from './fine-tuning-exports.repository';

/** A stored dataset that may quote the contact (built after their first conversation began). */
export interface ContactDatasetExport {
  id: string;
  createdAt: Date;
}

/**
 * Stored fine-tuning datasets. New exports leave an erased contact out (their conversations are gone); a dataset
 * built since the contact's first conversation may quote them, and its lines name no conversation, so erasure deletes
 * it whole (build it again). Jobs already trained on it keep their provider-side model; only the stored file goes.
 */
@Injectable()
export class FineTuningPersonalDataService {
  constructor(private readonly exports: FineTuningExportsRepository) {}

  async exportForContact(scope: ContactScope): Promise<ContactDatasetExport[]> {
    if (!scope.since) return [];
    const rows = await this.exports.find(scope.workspaceId, {
      where: { createdAt: MoreThanOrEqual(scope.since) },
      select: { id: true, createdAt: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map(({ id, createdAt }) => ({ id, createdAt }));
  }

  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    if (!scope.since) return { fineTuningDatasets: 0 };
    const fineTuningDatasets = await this.exports.deleteWhere(scope.workspaceId, {
      createdAt: MoreThanOrEqual(scope.since),
    });
    return { fineTuningDatasets };
  }
}
