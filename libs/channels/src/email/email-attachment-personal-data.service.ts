import { Inject, Injectable } from '@nestjs/common';
import { ContactPersonalDataService } from '@switchboard/conversations';
import type { ContactScope, ErasureCounts, WorkspaceId } from '@switchboard/database';
import { BLOB_STORE, BlobKey, BlobStore } from '@switchboard/knowledge';
import { EMAIL_ATTACHMENT_SOURCE, StoredAttachment } from './email-inbound.service';

/** An attachment of the contact's e-mail, with its bytes (null when it was too large to keep, or is gone). */
export interface ContactAttachmentExport {
  messageId: string;
  name: string;
  contentType: string;
  size: number;
  contentBase64: string | null;
}

/**
 * The attachments of a contact's inbound e-mail, kept in the blob store and named in their messages' metadata:
 * exported inline (base64) and deleted on erasure, before the messages that name them go.
 */
@Injectable()
export class EmailAttachmentPersonalDataService {
  constructor(
    private readonly contacts: ContactPersonalDataService,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async exportForContact(scope: ContactScope): Promise<ContactAttachmentExport[]> {
    const exported: ContactAttachmentExport[] = [];
    for (const { messageId, attachment } of await this.stored(scope)) {
      const content = attachment.blobKey
        ? await this.blobs.get(this.key(scope, attachment.blobKey)).catch(() => null)
        : null;
      const { name, contentType, size } = attachment;
      exported.push({ messageId, name, contentType, size, contentBase64: content?.toString('base64') ?? null });
    }
    return exported;
  }

  async eraseForContact(scope: ContactScope): Promise<ErasureCounts> {
    const entries = (await this.contacts.attachmentsOf(scope)).flatMap(({ attachments }) => attachments);
    return this.eraseEntries(scope.workspaceId, entries);
  }

  /** Deletes the files of these attachment entries (as messages hold them); retention hands over its batch's. */
  async eraseEntries(workspaceId: WorkspaceId, entries: readonly unknown[]): Promise<ErasureCounts> {
    let emailAttachments = 0;
    for (const attachment of entries.filter(isStoredAttachment)) {
      if (!attachment.blobKey) continue;
      await this.blobs.delete(this.key({ workspaceId }, attachment.blobKey));
      emailAttachments++;
    }
    return { emailAttachments };
  }

  private async stored(scope: ContactScope): Promise<Array<{ messageId: string; attachment: StoredAttachment }>> {
    return (await this.contacts.attachmentsOf(scope)).flatMap(({ messageId, attachments }) =>
      attachments.filter(isStoredAttachment).map((attachment) => ({ messageId, attachment })),
    );
  }

  private key(scope: Pick<ContactScope, 'workspaceId'>, blobKey: string): BlobKey {
    return { workspaceId: scope.workspaceId, sourceId: EMAIL_ATTACHMENT_SOURCE, documentId: blobKey };
  }
}

function isStoredAttachment(value: unknown): value is StoredAttachment {
  if (typeof value !== 'object' || value === null) return false;
  const { name, contentType, size, blobKey } = value as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    typeof contentType === 'string' &&
    typeof size === 'number' &&
    (blobKey === undefined || typeof blobKey === 'string')
  );
}
