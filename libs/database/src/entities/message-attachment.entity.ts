import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Contact } from './contact.entity';
import { Message } from './message.entity';
import { TenantEntity } from './tenant-columns';

/** The file types a visitor may attach, as sniffed from their first bytes (never from a name or a header). */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'application/pdf',
] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** A file a customer attached to a message; its bytes are in the attachments blob store under `blobKey`. */
@Entity('message_attachments')
@Index(['workspaceId', 'messageId'])
@Index(['workspaceId', 'contactId'])
@Index(['workspaceId', 'conversationId'])
export class MessageAttachment extends TenantEntity {
  @Column('uuid')
  conversationId!: string;

  @Column('uuid')
  messageId!: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'messageId' })
  message?: Message;

  @Column('uuid')
  contactId!: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contactId' })
  contact?: Contact;

  /** The blob's last key segment (its folder is workspace/conversation). */
  @Column({ type: 'varchar', length: 100 })
  blobKey!: string;

  @Column({ type: 'varchar', length: 64 })
  contentType!: AttachmentContentType;

  @Column('integer')
  byteSize!: number;

  /** The name the visitor's file had, sanitised: shown and offered as the download's name, never trusted. */
  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;
}
