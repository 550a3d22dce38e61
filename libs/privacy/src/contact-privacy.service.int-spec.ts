import { TestingModule } from '@nestjs/testing';
import { AuditLog } from '@switchboard/audit';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ContactPersonalDataService, WorkspacesService } from '@switchboard/conversations';
import { AuditEvent, Contact, ContactErasure, ContactScope, WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { QueueModule } from '@switchboard/queue';
import { DataSource } from 'typeorm';
import { TestEnvironment, createTestEnvironment } from '../../../test/support/test-environment';
import { initTestModule } from '../../../test/support/test-module';
import { ContactErasuresRepository } from './contact-erasures.repository';
import { ContactPrivacyService, contactHash } from './contact-privacy.service';
import { PersonalDataHolder, contactIdHolder, scopedHolder } from './personal-data-holder';
import { PrivacyModule } from './privacy.module';

/** The orchestration over the real contact and erasure tables, with holders of the test's own in front. */
describe('ContactPrivacyService', () => {
  let environment: TestEnvironment;
  let moduleRef: TestingModule;
  let dataSource: DataSource;
  let workspaceId: WorkspaceId;

  beforeAll(async () => {
    environment = await createTestEnvironment('contact_privacy');
    moduleRef = await initTestModule(environment, { imports: [QueueModule.forRoot({ relay: false }), PrivacyModule] });
    dataSource = moduleRef.get(getDataSourceToken());
    const workspace = await moduleRef.get(WorkspacesService).createWith('Privacy', {}, async (row) => row);
    workspaceId = asWorkspaceId(workspace.id);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await environment?.destroy();
  });

  /** The service with these holders (the real conversations lib deletes the contact after them). */
  function privacyWith(...holders: PersonalDataHolder[]): ContactPrivacyService {
    return new ContactPrivacyService(
      moduleRef.get(ContactPersonalDataService, { strict: false }),
      moduleRef.get(ContactErasuresRepository, { strict: false }),
      moduleRef.get(AuditLog, { strict: false }),
      holders,
    );
  }

  const newContact = async (): Promise<string> =>
    (await dataSource.getRepository(Contact).save({ workspaceId, name: 'Ada', attributes: {} })).id;
  const erasures = () => dataSource.getRepository(ContactErasure).findBy({ workspaceId });

  it('erases through every holder in order, the contact last, and records counts and a hash, nothing else', async () => {
    const contactId = await newContact();
    const seen: Array<[string, boolean]> = [];
    const before = scopedHolder('tickets', {
      eraseForContact: async (scope: ContactScope) => {
        seen.push(['tickets', (await dataSource.getRepository(Contact).countBy({ id: scope.contactId })) === 1]);
        return { tickets: 2 };
      },
    });

    const outcome = await privacyWith(before).eraseContact(workspaceId, contactId, 'agent:a1');

    expect(seen).toEqual([['tickets', true]]);
    expect(outcome?.counts).toEqual({ tickets: 2, contacts: 1, contactIdentities: 0, conversations: 0, messages: 0 });
    expect(await dataSource.getRepository(Contact).countBy({ id: contactId })).toBe(0);
    const [record] = (await erasures()).filter((row) => row.id === outcome?.erasureId);
    expect(record).toMatchObject({ contactHash: contactHash(workspaceId, contactId), requestedBy: 'agent:a1' });
    expect(JSON.stringify(record)).not.toContain(contactId);
  });

  it('audits an erasure by its record, never by the contact (the audit log outlives them)', async () => {
    const contactId = await newContact();

    const outcome = await privacyWith().eraseContact(workspaceId, contactId, 'agent:a1');

    const events = await dataSource.getRepository(AuditEvent).findBy({ workspaceId, action: 'contact.erased' });
    const event = events.find((row) => row.targetId === outcome?.erasureId);
    expect(event).toBeDefined();
    expect(JSON.stringify(events)).not.toContain(contactId);
  });

  it('stops at a failing holder with the contact still there and nothing recorded, so it can be asked again', async () => {
    const contactId = await newContact();
    const recordsBefore = (await erasures()).length;
    const failing = scopedHolder('answerTraces', {
      eraseForContact: async () => {
        throw new Error('Redis is down');
      },
    });

    await expect(privacyWith(failing).eraseContact(workspaceId, contactId, 'agent:a1')).rejects.toThrow(
      'Redis is down',
    );
    expect(await dataSource.getRepository(Contact).countBy({ id: contactId })).toBe(1);
    expect(await erasures()).toHaveLength(recordsBefore);

    expect(await privacyWith().eraseContact(workspaceId, contactId, 'agent:a1')).not.toBeNull();
    expect(await privacyWith().eraseContact(workspaceId, contactId, 'agent:a1')).toBeNull();
  });

  it('records one erasure when two requests race for the same contact; the other gets null (404)', async () => {
    const contactId = await newContact();
    const recordsBefore = (await erasures()).length;
    const outcomes = await Promise.all([
      privacyWith().eraseContact(workspaceId, contactId, 'agent:a1'),
      privacyWith().eraseContact(workspaceId, contactId, 'agent:a2'),
    ]);
    expect(outcomes.filter((outcome) => outcome !== null)).toHaveLength(1);
    expect(await erasures()).toHaveLength(recordsBefore + 1);
  });

  it('adapts a (workspaceId, contactId) service, as CSAT and attachments will plug in', async () => {
    const contactId = await newContact();
    const calls: unknown[] = [];
    const ratings = contactIdHolder('csatRatings', {
      exportForContact: async (...args) => {
        calls.push(args);
        return [{ score: 5 }];
      },
      eraseForContact: async () => 2,
    });
    const privacy = privacyWith(ratings);

    const exported = await privacy.exportContact(workspaceId, contactId);
    expect(exported?.sections.csatRatings).toEqual([{ score: 5 }]);
    expect(calls).toEqual([[workspaceId, contactId]]);
    expect((await privacy.eraseContact(workspaceId, contactId, 'api-key:k1'))?.counts.csatRatings).toBe(2);
  });
});
