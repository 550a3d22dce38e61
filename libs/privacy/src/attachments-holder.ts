import type { MessageAttachmentsService } from '@switchboard/conversations';
import type { PersonalDataHolder } from './personal-data-holder';

/**
 * The files customers attached in the widget: the export carries each file's record and its bytes as base64; erasure
 * deletes rows and files; retention deletes the files of the conversations it deleted (their rows went with them).
 */
export function attachmentsHolder(name: string, attachments: MessageAttachmentsService): PersonalDataHolder {
  return {
    name,
    exportForContact: async ({ workspaceId, contactId }) =>
      (await attachments.exportForContact(workspaceId, contactId)).map(({ attachment, content }) => ({
        id: attachment.id,
        conversationId: attachment.conversationId,
        messageId: attachment.messageId,
        fileName: attachment.fileName,
        contentType: attachment.contentType,
        byteSize: attachment.byteSize,
        sha256: attachment.sha256,
        createdAt: attachment.createdAt,
        contentBase64: content.toString('base64'),
      })),
    eraseForContact: async ({ workspaceId, contactId }) => ({
      [name]: await attachments.eraseForContact(workspaceId, contactId),
    }),
    eraseExpired: async ({ workspaceId, conversationIds }) => ({
      [`${name}Folders`]: await attachments.eraseFilesOfDeletedConversations(workspaceId, conversationIds),
    }),
  };
}
