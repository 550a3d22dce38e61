import type { ContactScope, ErasureCounts, WorkspaceId } from '@switchboard/database';

/**
 * A lib that holds personal data about contacts. The privacy lib never reads another lib's tables: it asks each
 * holder, in registration order, for its section of an export and to erase what it holds, then deletes the contact.
 */
export interface PersonalDataHolder {
  /** The section of the export this holder fills, e.g. `answerTraces`. */
  readonly name: string;
  /** Absent for a holder with nothing worth a copy (a rate-limit counter): the export then has no such section. */
  exportForContact?(scope: ContactScope): Promise<unknown>;
  /** Deletes what the holder keeps about the contact; idempotent (a second call removes nothing more). */
  eraseForContact(scope: ContactScope): Promise<ErasureCounts>;
  /** Retention: deletes what the holder keeps about conversations the retention job just deleted. */
  eraseExpired?(expired: ExpiredConversations): Promise<ErasureCounts>;
}

/** A retention batch: the conversations just deleted, and the attachment entries their messages held. */
export interface ExpiredConversations {
  workspaceId: WorkspaceId;
  conversationIds: readonly string[];
  attachments: readonly unknown[];
}

/** The holders, in erasure order (the contact's conversations and the contact row go after all of them). */
export const PERSONAL_DATA_HOLDERS = Symbol('PERSONAL_DATA_HOLDERS');

/** A holder whose service answers by contact id (its own rows name the contact): CSAT ratings, attachments. */
export interface ContactIdPersonalDataService {
  exportForContact(workspaceId: WorkspaceId, contactId: string): Promise<unknown>;
  eraseForContact(workspaceId: WorkspaceId, contactId: string): Promise<number | ErasureCounts>;
}

/** Adapts a service that takes (workspaceId, contactId) to the holder interface, under `name`. */
export function contactIdHolder(name: string, service: ContactIdPersonalDataService): PersonalDataHolder {
  return {
    name,
    exportForContact: (scope) => service.exportForContact(scope.workspaceId, scope.contactId),
    eraseForContact: async (scope) => {
      const erased = await service.eraseForContact(scope.workspaceId, scope.contactId);
      return typeof erased === 'number' ? { [name]: erased } : erased;
    },
  };
}

/** A lib's service with the holder's methods; `eraseForConversations` serves retention. */
export interface ScopedPersonalDataService {
  exportForContact?(scope: ContactScope): Promise<unknown>;
  eraseForContact(scope: ContactScope): Promise<ErasureCounts>;
  eraseForConversations?(workspaceId: WorkspaceId, conversationIds: readonly string[]): Promise<ErasureCounts>;
}

/** A holder made of a service with the holder's methods (it already takes the scope), under `name`. */
export function scopedHolder(name: string, service: ScopedPersonalDataService): PersonalDataHolder {
  return {
    name,
    eraseForContact: (scope) => service.eraseForContact(scope),
    ...(service.exportForContact ? { exportForContact: service.exportForContact.bind(service) } : {}),
    ...(service.eraseForConversations
      ? {
          eraseExpired: (expired: ExpiredConversations) =>
            service.eraseForConversations!(expired.workspaceId, expired.conversationIds),
        }
      : {}),
  };
}
