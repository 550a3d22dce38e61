import { AuditLog } from '@switchboard/audit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ContactExportDocument } from '@switchboard/contracts';
import { ContactPersonalDataService } from '@switchboard/conversations';
import type { ContactErasure, ContactScope, ErasureCounts, WorkspaceId } from '@switchboard/database';
import { createHash } from 'node:crypto';
import { ContactErasuresRepository } from './contact-erasures.repository';
import { PERSONAL_DATA_HOLDERS, PersonalDataHolder } from './personal-data-holder';

/** Bumped when a section changes shape in a way a reader of older exports must know about. */
export const CONTACT_EXPORT_VERSION = 1;

/** Everything held about one contact, one section per holder (the console's and the API's download). */
export type ContactExport = ContactExportDocument;

/** What an erasure removed; the stored record of it carries the same, without the contact. */
export interface ContactErasureOutcome {
  erasureId: string;
  erasedAt: Date;
  counts: ErasureCounts;
}

/** Who asked for an erasure, as the record keeps it: `api-key:<id>` or `agent:<id>`. */
export type ErasureRequester = `api-key:${string}` | `agent:${string}`;

/** The data subject's rights over one contact: a copy of everything held (export), and erasure. */
@Injectable()
export class ContactPrivacyService {
  private readonly logger = new Logger(ContactPrivacyService.name);

  constructor(
    private readonly contacts: ContactPersonalDataService,
    private readonly erasures: ContactErasuresRepository,
    private readonly audit: AuditLog,
    @Inject(PERSONAL_DATA_HOLDERS) private readonly holders: readonly PersonalDataHolder[],
  ) {}

  /** Every holder's section about the contact; null when the workspace has no such contact. */
  async exportContact(workspaceId: WorkspaceId, contactId: string): Promise<ContactExport | null> {
    const scope = await this.contacts.scopeOf(workspaceId, contactId);
    if (!scope) return null;
    const sections: Record<string, unknown> = { conversations: await this.contacts.exportForContact(scope) };
    for (const holder of this.holders) {
      if (holder.exportForContact) sections[holder.name] = await holder.exportForContact(scope);
    }
    return {
      format: 'switchboard.contact-export',
      version: CONTACT_EXPORT_VERSION,
      exportedAt: new Date().toISOString(),
      workspaceId,
      contactId,
      sections,
    };
  }

  /**
   * Erases the contact from every holder, in order, then their conversations, messages and the contact row itself
   * (last, so a failure half-way can be asked again), and records the erasure without personal data. Null when the
   * workspace has no such contact, which is also what a second request, even a concurrent one, gets.
   */
  async eraseContact(
    workspaceId: WorkspaceId,
    contactId: string,
    requestedBy: ErasureRequester,
  ): Promise<ContactErasureOutcome | null> {
    const scope = await this.contacts.scopeOf(workspaceId, contactId);
    if (!scope) return null;
    const counts = await this.eraseEverywhere(scope);
    // A concurrent request deleted the contact row first: that one records the erasure.
    if (counts.contacts === 0) return null;
    const record = await this.erasures.create(workspaceId, {
      contactHash: contactHash(workspaceId, contactId),
      counts,
      requestedBy,
    });
    // The audit log is append-only and outlives the contact: it names the erasure record, never the contact.
    await this.audit.record(workspaceId, {
      action: 'contact.erased',
      target: { type: 'contact_erasure', id: record.id },
      after: { counts },
    });
    this.logger.log(`erased a contact of workspace ${workspaceId} (erasure ${record.id})`);
    return { erasureId: record.id, erasedAt: record.createdAt, counts };
  }

  /** The workspace's erasure records, newest first. */
  listErasures(workspaceId: WorkspaceId, limit = 50): Promise<ContactErasure[]> {
    return this.erasures.find(workspaceId, { order: { createdAt: 'DESC' }, take: limit });
  }

  private async eraseEverywhere(scope: ContactScope): Promise<ErasureCounts> {
    const counts: ErasureCounts = {};
    for (const holder of this.holders) Object.assign(counts, await holder.eraseForContact(scope));
    return Object.assign(counts, await this.contacts.eraseForContact(scope));
  }
}

/** How an erasure record names its contact: one-way, and only checkable by whoever still knows the id. */
export function contactHash(workspaceId: string, contactId: string): string {
  return createHash('sha256').update(`${workspaceId}:${contactId}`).digest('hex');
}
