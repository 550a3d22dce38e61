import type { LiveDraft } from '@switchboard/channels';
import { AnswerDraft } from './answer-draft';

function recordingChannel() {
  const posted: string[] = [];
  const edits: string[] = [];
  const start = (text: string): Promise<LiveDraft> => {
    posted.push(text);
    return Promise.resolve({
      externalId: 'ts-1',
      update: (next: string) => {
        edits.push(next);
        return Promise.resolve();
      },
    });
  };
  return { posted, edits, start };
}

const timing = { startAfterMs: 800, updateEveryMs: 1200 };

describe('AnswerDraft', () => {
  it('posts nothing for an answer that is over quickly', async () => {
    const channel = recordingChannel();
    const draft = new AnswerDraft(channel.start, timing, () => undefined);
    await draft.append('You ', 0);
    await draft.append('can.', 300);
    expect(channel.posted).toEqual([]);
    expect(draft.id).toBeNull();
  });

  it('posts a slow answer once it has run for a while, then edits it at a bounded rate', async () => {
    const channel = recordingChannel();
    const draft = new AnswerDraft(channel.start, timing, () => undefined);
    await draft.append('You ', 0);
    await draft.append('can ', 900);
    await draft.append('pause ', 1500);
    await draft.append('it ', 2200);
    await draft.append('for ', 2400);
    expect(channel.posted).toEqual(['You can ']);
    expect(channel.edits).toEqual(['You can pause it ']);
    expect(draft.id).toBe('ts-1');
    await draft.replace('Fallback answer.', 2500);
    expect(channel.edits.at(-1)).toBe('Fallback answer.');
  });

  it('stops drafting when the channel fails, and never throws', async () => {
    const errors: unknown[] = [];
    const draft = new AnswerDraft(
      () => Promise.reject(new Error('ratelimited')),
      timing,
      (e) => errors.push(e),
    );
    await draft.append('a ', 0);
    await draft.append('b ', 1000);
    await draft.append('c ', 3000);
    expect(errors).toHaveLength(1);
    expect(draft.id).toBeNull();
  });
});
