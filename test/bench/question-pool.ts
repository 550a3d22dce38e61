import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATASETS = join(__dirname, '..', '..', '..', 'shared', 'datasets');
/** The knowledge the widget benchmark answers from. */
export const DOC2DIAL_DOCUMENTS = join(DATASETS, 'doc2dial', 'documents.jsonl');
/** `--repeat` cycles this many questions, so most answers come from the answer cache. */
export const REPEATED_QUESTIONS = 16;
// Every dev question asked over the doc2dial documents: first questions, follow-ups and changes of subject.
const POOL_SETS = ['doc2dial', 'doc2dial-multiturn', 'doc2dial-topicshift'];

/** Each distinct question once, in a fixed order, so a run of N messages asks N different questions. */
export function distinctQuestions(): string[] {
  const questions = POOL_SETS.flatMap((set) =>
    readFileSync(join(DATASETS, set, 'questions.dev.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => (JSON.parse(line) as { question: string }).question.trim()),
  );
  return [...new Set(questions)];
}

/** The questions of each conversation: distinct across the whole run, or a few repeated with `--repeat`. */
export function questionsPerConversation(
  options: { concurrency: number; messagesPerConversation: number; repeat: boolean },
  pool: string[] = distinctQuestions(),
): string[][] {
  const needed = options.concurrency * options.messagesPerConversation;
  if (!options.repeat && needed > pool.length)
    throw new Error(
      `${needed} messages need ${needed} distinct questions; the pool has ${pool.length}: ` +
        'lower --concurrency or --messages, or measure the cached case with --repeat',
    );
  const asked = options.repeat ? pool.slice(0, REPEATED_QUESTIONS) : pool;
  return Array.from({ length: options.concurrency }, (_, conversation) =>
    Array.from(
      { length: options.messagesPerConversation },
      (_, n) => asked[(conversation * options.messagesPerConversation + n) % asked.length],
    ),
  );
}
