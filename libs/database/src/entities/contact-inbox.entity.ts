import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Contact } from './contact.entity';
import { Inbox } from './inbox.entity';
import { TenantEntity } from './tenant-columns';

/** A contact's identity inside one channel (visitor id, Slack user, e-mail address). */
@Entity('contact_inboxes')
@Index(['inboxId', 'sourceId'], { unique: true })
export class ContactInbox extends TenantEntity {
  @Column('uuid')
  contactId!: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contactId' })
  contact?: Contact;

  @Column('uuid')
  inboxId!: string;

  @ManyToOne(() => Inbox, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inboxId' })
  inbox?: Inbox;

  @Column({ type: 'varchar', length: 320 })
  sourceId!: string;
}
