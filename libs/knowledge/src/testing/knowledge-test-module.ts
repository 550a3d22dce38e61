import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule } from '@switchboard/config';
import { saveWorkspace } from '@switchboard/conversations/testing';
import { DatabaseModule, WorkspaceId } from '@switchboard/database';
import { EntityManager } from 'typeorm';
import { QueueModule } from '@switchboard/queue';
import { VECTOR_STORE, VectorStore } from '@switchboard/vector-store';
import { TestEnvironment } from '../../../../test/support/test-environment';
import { EMBEDDER, Embedder } from '../embedding';
import { KnowledgeModule } from '../knowledge.module';

/** An 8-dimensional embedder that needs no model: each text gets a vector from its length. */
export class FixedEmbedder implements Embedder {
  readonly model = 'fixed-8';
  readonly dimension = 8;
  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => Array.from({ length: 8 }, (_, i) => (i === text.length % 8 ? 1 : 0.1)));
  }
  async close(): Promise<void> {}
}

/** The knowledge lib as the worker runs it (no outbox relay), on a test's database, with a chosen embedder. */
export async function startKnowledgeModule(
  environment: TestEnvironment,
  overrides: { embedder?: Embedder; store?: VectorStore } = {},
): Promise<TestingModule> {
  let builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot('worker', environment.config('worker')),
      DatabaseModule,
      EventEmitterModule.forRoot(),
      QueueModule.forRoot({ relay: false }),
      KnowledgeModule,
    ],
  })
    .overrideProvider(EMBEDDER)
    .useValue(overrides.embedder ?? new FixedEmbedder());
  if (overrides.store) builder = builder.overrideProvider(VECTOR_STORE).useValue(overrides.store);
  const moduleRef = await builder.compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

/** A new workspace for a test's knowledge, stored by the conversations lib that owns workspaces (not in this module). */
export function createWorkspace(moduleRef: TestingModule, name: string): Promise<WorkspaceId> {
  return saveWorkspace(moduleRef.get(EntityManager), {}, name);
}
