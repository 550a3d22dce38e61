import { AuditEvent, Workspace, WorkspaceId, asWorkspaceId, dataSourceOptions } from '@switchboard/database';
import { DataSource } from 'typeorm';
import { TestDatabase, createTestDatabase } from '../../../test/support/test-database';
import { runWithAuditContext } from './audit-context';
import { REDACTED } from './audit-diff';
import { auditLogOver } from './testing';

describe('audit_events against Postgres', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let workspaceId: WorkspaceId;

  beforeAll(async () => {
    database = await createTestDatabase('audit-events');
    dataSource = await new DataSource(dataSourceOptions(database.url, true)).initialize();
    const workspace = await dataSource.getRepository(Workspace).save({ name: 'Audited', settings: {} as never });
    workspaceId = asWorkspaceId(workspace.id);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function recordOne(): Promise<string> {
    const audit = auditLogOver(dataSource);
    const actor = { type: 'agent' as const, id: 'a1', display: 'Ana <ana@example.test>' };
    await runWithAuditContext({ actor, ip: '203.0.113.9' }, () =>
      audit.record(workspaceId, {
        action: 'webhook.secret_rotated',
        target: { type: 'webhook', id: 'w1' },
        before: { secret: 'whsec_old' },
        after: { secret: 'whsec_new' },
      }),
    );
    const [row] = await dataSource.getRepository(AuditEvent).find({ where: { workspaceId }, order: { seq: 'DESC' } });
    return row.id;
  }

  it('stores the actor and IP of the context, and the diff with the secret redacted', async () => {
    const id = await recordOne();
    const row = await dataSource.getRepository(AuditEvent).findOneByOrFail({ id });
    expect(row).toMatchObject({
      actorType: 'agent',
      actorId: 'a1',
      actorDisplay: 'Ana <ana@example.test>',
      ip: '203.0.113.9',
      action: 'webhook.secret_rotated',
      targetType: 'webhook',
      targetId: 'w1',
      diff: { secret: { before: REDACTED, after: REDACTED } },
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself, whoever asks', async () => {
    const id = await recordOne();
    await expect(dataSource.query(`UPDATE audit_events SET action = 'forged' WHERE id = $1`, [id])).rejects.toThrow(
      /append-only: UPDATE is refused/,
    );
    await expect(dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(
      /append-only: DELETE is refused/,
    );
    await expect(dataSource.query('TRUNCATE audit_events')).rejects.toThrow(/append-only: TRUNCATE is refused/);
    const row = await dataSource.getRepository(AuditEvent).findOneByOrFail({ id });
    expect(row.action).toBe('webhook.secret_rotated');
  });

  it('keeps a workspace with an audit trail from being deleted (no cascade erases the trail)', async () => {
    await recordOne();
    await expect(dataSource.query('DELETE FROM workspaces WHERE id = $1', [workspaceId])).rejects.toThrow(
      /foreign key/,
    );
  });
});
