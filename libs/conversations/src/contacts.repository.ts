import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Contact, ContactInbox, TenantRepository, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { EntityManager, Repository } from 'typeorm';

/** A contact and their identity in one inbox. */
export interface ContactOfSource {
  contact: Contact;
  contactInbox: ContactInbox;
}

/** Who a new contact is, as their channel knows them. */
export interface NewContactOfSource {
  inboxId: string;
  sourceId: string;
  name: string | null;
  email: string | null;
  externalId: string | null;
}

/** The `contacts` and `contact_inboxes` tables. Bind it to a unit of work with `withManager`. */
@Injectable()
export class ContactsRepository extends TenantRepository<Contact> {
  private readonly contactInboxes: TenantRepository<ContactInbox>;

  constructor(@InjectRepository(Contact) repository: Repository<Contact>) {
    super(repository);
    this.contactInboxes = new TenantRepository(repository.manager.getRepository(ContactInbox));
  }

  override withManager(manager: EntityManager): ContactsRepository {
    return new ContactsRepository(manager.getRepository(Contact));
  }

  /** The contact's identities in every inbox (visitor ids, Slack users, e-mail addresses). */
  async identitiesOf(workspaceId: WorkspaceId, contactId: string): Promise<ContactInbox[]> {
    return this.contactInboxes.find(workspaceId, { where: { contactId }, order: { createdAt: 'ASC' } });
  }

  /** Deletes the contact and (ON DELETE CASCADE) its identities; returns how many identities went with it. */
  async deleteWithIdentities(
    workspaceId: WorkspaceId,
    contactId: string,
  ): Promise<{ contacts: number; identities: number }> {
    const identities = await this.contactInboxes.count(workspaceId, { contactId });
    const contacts = await this.deleteWhere(workspaceId, { id: contactId });
    return { contacts, identities };
  }

  /** The contact behind (inboxId, sourceId), or null. */
  async findBySource(workspaceId: WorkspaceId, inboxId: string, sourceId: string): Promise<ContactOfSource | null> {
    const contactInbox = await this.contactInboxes.findOne(workspaceId, { inboxId, sourceId });
    if (!contactInbox) return null;
    const contact = await this.findById(workspaceId, contactInbox.contactId);
    return contact ? { contact, contactInbox } : null;
  }

  /**
   * Creates the contact for (inboxId, sourceId), or keeps the one a racing request created first (ours is dropped),
   * and returns what is stored. Run it in a transaction, so a dropped contact never shows.
   */
  async createForSource(workspaceId: WorkspaceId, input: NewContactOfSource): Promise<ContactOfSource> {
    const contact = await this.create(workspaceId, {
      name: input.name,
      email: input.email,
      externalId: input.externalId,
      attributes: {},
    });
    const inserted = await this.repository.manager
      .createQueryBuilder()
      .insert()
      .into(ContactInbox)
      .values({
        workspaceId: asWorkspaceId(workspaceId),
        contactId: contact.id,
        inboxId: input.inboxId,
        sourceId: input.sourceId,
      })
      .orIgnore()
      .execute();
    if (inserted.identifiers.length === 0 || !inserted.identifiers[0]) await this.delete(workspaceId, contact.id);
    const found = await this.findBySource(workspaceId, input.inboxId, input.sourceId);
    if (!found) throw new Error(`contact inbox ${input.inboxId}/${input.sourceId} vanished`);
    return found;
  }
}
