// The answer engine alone, for `npm run bench -- widget --think-ms 0`: the in-process AnswerService on the widget
// run's own questions, conversations and knowledge, at the same concurrency, so the platform's overhead is the gap
// between the two throughputs. Prints one line, ENGINE_RESULT and its JSON, then exits.
import 'reflect-metadata';
import { AnswerService, ConversationTurn } from '@switchboard/answers';
import { loadConfig } from '@switchboard/config';
import { WorkspaceId, asWorkspaceId } from '@switchboard/database';
import { readFileSync } from 'node:fs';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { ENGINE_RESULT, EngineInput } from './engine-input';

/** One conversation's questions in order, each with the turns before it, as the widget's customer asked them. */
async function converse(service: AnswerService, workspaceId: WorkspaceId, questions: string[]): Promise<number> {
  const history: ConversationTurn[] = [];
  for (const question of questions) {
    // The widget run filled the answer cache with these very questions: the engine starts as cold as the widget did.
    const result = await service.answer({
      workspaceId,
      question,
      history: [...history],
      visibility: ['public'],
      bypassCache: true,
    });
    const documentIds = result.citations.map((citation) => citation.documentId);
    history.push({ role: 'customer', text: question }, { role: 'bot', text: result.text, documentIds });
  }
  return questions.length;
}

async function main(): Promise<void> {
  const input = JSON.parse(readFileSync(process.env.ENGINE_INPUT ?? '', 'utf8')) as EngineInput;
  const app = await createApiApp(loadConfig('api'));
  await app.init();
  const service = app.get(AnswerService);
  const workspaceId = asWorkspaceId(input.workspaceId);
  const started = performance.now();
  const answered = await Promise.all(input.conversations.map((questions) => converse(service, workspaceId, questions)));
  const seconds = (performance.now() - started) / 1000;
  const messages = answered.reduce((sum, count) => sum + count, 0);
  process.stdout.write(`${ENGINE_RESULT}${JSON.stringify({ messages, seconds })}\n`);
  await app.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
