import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Contact, Conversation, Message, WorkspaceId } from '@switchboard/database';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { TestApi, startApi } from '../support/test-api';
import { TestEnvironment, createTestEnvironment } from '../support/test-environment';
import { startWorker } from '../support/test-worker';
import { createWidgetInbox, createWorkspace } from '../support/widget-client';

const DAY = 24 * 60 * 60 * 1000;

describe('a workspace’s retention period (settings.retentionDays), applied by the worker on a schedule', () => {
  let environment: TestEnvironment;
  let api: TestApi;
  let worker: INestApplicationContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    environment = await createTestEnvironment('retention', { RETENTION_INTERVAL_MS: '1000' });
    api = await startApi(environment);
    worker = await startWorker(environment);
    dataSource = api.app.get<DataSource>(getDataSourceToken());
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await environment?.destroy();
  });

  const filesOf = (workspaceId: string, conversationId: string): string =>
    join(environment.dataDir, 'attachments', workspaceId, conversationId);

  const setRetention = (auth: string, retentionDays: unknown) =>
    request(api.url).patch('/v1/workspace/settings').set('Authorization', auth).send({ retentionDays });

  it('accepts 1 to 3650 days or null, and refuses anything else with a message', async () => {
    const { auth } = await createWorkspace(api, 'Settings');
    const workspace = await request(api.url).get('/v1/workspace').set('Authorization', auth).expect(200);
    expect(workspace.body.settings.retentionDays).toBeNull();
    for (const wrong of [0, 3651, 1.5, '30', -1]) {
      const refused = await setRetention(auth, wrong).expect(400);
      expect(JSON.stringify(refused.body.message)).toContain('retentionDays');
    }
    expect((await setRetention(auth, 3650).expect(200)).body.settings.retentionDays).toBe(3650);
    expect((await setRetention(auth, 1).expect(200)).body.settings.retentionDays).toBe(1);
    expect((await setRetention(auth, null).expect(200)).body.settings.retentionDays).toBeNull();
  });

  it('deletes conversations idle longer than the period with their messages, and keeps newer ones and other workspaces’', async () => {
    const keeping = await createWorkspace(api, 'Keeps 30 days');
    const forever = await createWorkspace(api, 'Keeps everything');
    await setRetention(keeping.auth, 30).expect(200);
    // Stored directly: a live turn would touch the conversation (its last activity) after the test set it.
    const open = async (workspace: { id: WorkspaceId; auth: string }, idleDays: number): Promise<string> => {
      const inbox = await createWidgetInbox(api, workspace.auth);
      const contact = await dataSource.getRepository(Contact).save({ workspaceId: workspace.id, attributes: {} });
      const conversation = await dataSource.getRepository(Conversation).save({
        workspaceId: workspace.id,
        inboxId: inbox.id,
        contactId: contact.id,
        owner: 'bot',
        lastActivityAt: new Date(Date.now() - idleDays * DAY),
      });
      await dataSource.getRepository(Message).insert({
        workspaceId: workspace.id,
        conversationId: conversation.id,
        direction: 'incoming',
        author: 'contact',
        content: 'Hello, is anyone there?',
      });
      // A file the customer attached in the widget, where the attachments lib keeps it.
      await mkdir(filesOf(workspace.id, conversation.id), { recursive: true });
      await writeFile(join(filesOf(workspace.id, conversation.id), 'photo'), 'PNG bytes');
      return conversation.id;
    };
    const recent = await open(keeping, 29);
    const elsewhere = await open(forever, 400);
    // Last: the pass that deletes it has seen the other two as they are now.
    const expired = await open(keeping, 31);
    const exists = async (id: string) => (await dataSource.getRepository(Conversation).countBy({ id })) === 1;

    await eventually(async () => !(await exists(expired)) && !existsSync(filesOf(keeping.id, expired)), {
      what: 'the expired conversation and its attached files to go',
    });

    expect(await dataSource.getRepository(Message).countBy({ conversationId: expired })).toBe(0);
    expect(await exists(recent)).toBe(true);
    expect(await exists(elsewhere)).toBe(true);
    expect(existsSync(filesOf(keeping.id, recent))).toBe(true);
    expect(existsSync(filesOf(forever.id, elsewhere))).toBe(true);
  });
});
