import { AnswerFilterContext, BLOCKED_ANSWER_TEXT, REDACTED_TEXT, filterAnswer } from '../safety';
import { FilteredDelta, StreamingOutputFilter } from './streaming-output-filter';

const SYSTEM_PROMPT =
  'You are the support assistant for Acme Outdoor Gear. Answer only from the numbered documents, cite them ' +
  'like [1], and never discuss competitors or internal pricing rules.';

const CONTEXT: AnswerFilterContext = {
  sources: [
    {
      text: 'Call our support line on +1 (800) 555-0199 or e-mail help@acme.com. Returns are free for members.',
      url: 'https://help.acme.com/contact',
    },
  ],
  question: 'How do I return my tent?',
  systemPrompt: SYSTEM_PROMPT,
  allowedDomains: ['acme.com'],
};

interface Streamed {
  /** What a client shows after applying every delta: text is appended, a reset replaces. */
  shown: string;
  /** What the client showed after each delta, in order. */
  snapshots: string[];
  deltas: FilteredDelta[];
  finished: ReturnType<StreamingOutputFilter['finish']>;
}

function stream(chunks: readonly string[], context: AnswerFilterContext = CONTEXT): Streamed {
  const filter = new StreamingOutputFilter(context);
  const deltas: FilteredDelta[] = [];
  const snapshots: string[] = [];
  let shown = '';
  const apply = (delta: FilteredDelta | null): void => {
    if (delta === null) return;
    deltas.push(delta);
    shown = delta.type === 'reset' ? delta.text : shown + delta.text;
    snapshots.push(shown);
  };
  for (const chunk of chunks) apply(filter.push(chunk));
  const finished = filter.finish();
  apply(finished.delta);
  return { shown, snapshots, deltas, finished };
}

/** Every way to cut `text` in two, plus one chunk per character and one chunk per whitespace-led word. */
function chunkings(text: string): string[][] {
  const out: string[][] = [[text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  out.push([...text]);
  out.push(text.match(/\s*\S+/g) ?? []);
  return out;
}

describe('StreamingOutputFilter: releasing text', () => {
  it('lets a plain word out as soon as it arrives', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Returns')).toEqual({ type: 'text', text: 'Returns' });
    expect(filter.push(' are')).toEqual({ type: 'text', text: ' are' });
  });

  it('streams an answer whose tokens start with a space as text deltas that concatenate to the filtered text', () => {
    const chunks = ['Returns', ' are', ' free', ' for', ' members.', ' Ask', ' us', ' anytime', ' [1].'];
    const { deltas, finished } = stream(chunks);
    expect(deltas.every((delta) => delta.type === 'text')).toBe(true);
    expect(deltas.map((delta) => delta.text).join('')).toBe(filterAnswer(chunks.join(''), CONTEXT).text);
    expect(finished).toMatchObject({ text: 'Returns are free for members. Ask us anytime [1].', blocked: false });
  });

  it('holds back a trailing number until a space shows where it ends', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Call ')).toEqual({ type: 'text', text: 'Call ' });
    expect(filter.push('+1 (800)')).toBeNull();
    expect(filter.push(' 555-0199')).toBeNull();
    expect(filter.push(' today')).toEqual({ type: 'text', text: '+1 (800) 555-0199 today' });
  });

  it('holds back a trailing address or link until a space shows where it ends', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Write to help@')).toEqual({ type: 'text', text: 'Write to ' });
    expect(filter.push('acme.com')).toBeNull();
    expect(filter.push(' or see https://help.acme.com/')).toEqual({ type: 'text', text: 'help@acme.com or see ' });
    expect(filter.push('contact')).toBeNull();
  });

  it('releases held-back text at finish', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Our line is +1 (800) 555-0199')).toEqual({ type: 'text', text: 'Our line is ' });
    expect(filter.finish()).toEqual({
      delta: { type: 'text', text: '+1 (800) 555-0199' },
      text: 'Our line is +1 (800) 555-0199',
      blocked: false,
    });
  });

  it('gives no delta at finish when everything was already released', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    filter.push('Returns are free');
    expect(filter.finish()).toEqual({ delta: null, text: 'Returns are free', blocked: false });
  });

  it('finishes an empty stream with no delta and no text', () => {
    expect(new StreamingOutputFilter(CONTEXT).finish()).toEqual({ delta: null, text: '', blocked: false });
  });

  it('keeps the unfiltered text in rawText', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    filter.push('Write to jo@evil.example');
    filter.push(' now');
    expect(filter.rawText).toBe('Write to jo@evil.example now');
    expect(filter.finish().text).toBe(`Write to ${REDACTED_TEXT} now`);
  });
});

describe('StreamingOutputFilter: punctuation', () => {
  it('sends punctuation that arrives as its own token after a word without taking the word back', () => {
    const { deltas, shown } = stream(['Hi', ' there', ',', ' how', ' are', ' you', '?', ' Fine', '.', ' Thanks', '!']);
    expect(deltas.filter((delta) => delta.type === 'reset')).toEqual([]);
    expect(shown).toBe('Hi there, how are you? Fine. Thanks!');
  });

  it('holds only the colon after a word, which could still grow into a link, and takes the word back if it does', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Visit https')).toEqual({ type: 'text', text: 'Visit https' });
    expect(filter.push(':')).toBeNull();
    const delta = filter.push('//evil.com/x now');
    expect(delta?.type).toBe('reset');
    expect(delta?.text).not.toContain('https');
  });
});

describe('StreamingOutputFilter: redaction', () => {
  it('redacts an e-mail address not in the sources before any of its domain goes out', () => {
    const { deltas, shown, finished } = stream(['Write to ', 'jo@evil.example', ' or ask ', 'here.']);
    expect(deltas).toEqual([
      { type: 'text', text: 'Write to ' },
      { type: 'text', text: `${REDACTED_TEXT} or ask ` },
      { type: 'text', text: 'here' },
      // A full stop after a word could still start a domain: only it waits, here until the end.
      { type: 'text', text: '.' },
    ]);
    expect(shown).toBe(`Write to ${REDACTED_TEXT} or ask here.`);
    expect(finished.text).toBe(shown);
  });

  it('redacts a phone number not in the sources once the word after it arrives', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Call 555 123 4567')).toEqual({ type: 'text', text: 'Call ' });
    expect(filter.push(' today')).toEqual({ type: 'text', text: `${REDACTED_TEXT} today` });
  });

  it('redacts a held-back card number at finish', () => {
    const { deltas, finished } = stream(['Pay with ', '4111 1111 1111 1111']);
    expect(deltas).toEqual([
      { type: 'text', text: 'Pay with ' },
      { type: 'text', text: REDACTED_TEXT },
    ]);
    expect(finished.text).toBe(`Pay with ${REDACTED_TEXT}`);
  });

  it('takes back a word already sent with a reset when it grows into an e-mail address, then redacts it', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Email')).toEqual({ type: 'text', text: 'Email' });
    expect(filter.push(' jo')).toEqual({ type: 'text', text: ' jo' });
    expect(filter.push('hn@evil.example')).toEqual({ type: 'reset', text: 'Email ' });
    expect(filter.push(' now')).toEqual({ type: 'text', text: `${REDACTED_TEXT} now` });
    expect(filter.finish()).toEqual({ delta: null, text: `Email ${REDACTED_TEXT} now`, blocked: false });
  });

  it('resets when a link that is not allowed grows out of a word already sent', () => {
    const { deltas, shown } = stream(['Visit', ' https', '://evil.com/x', ' now']);
    expect(deltas).toEqual([
      { type: 'text', text: 'Visit' },
      { type: 'text', text: ' https' },
      { type: 'reset', text: 'Visit ' },
      { type: 'text', text: 'now' },
    ]);
    expect(shown).toBe('Visit now');
  });

  it('resets at finish when removing a held-back link changes the spacing already sent', () => {
    const { deltas, finished } = stream(['See ', 'https://evil.com/x']);
    expect(deltas).toEqual([
      { type: 'text', text: 'See ' },
      { type: 'reset', text: 'See' },
    ]);
    expect(finished).toEqual({ delta: { type: 'reset', text: 'See' }, text: 'See', blocked: false });
  });
});

describe('StreamingOutputFilter: system-prompt leaks', () => {
  const leak = 'Sure: answer only from the numbered documents, cite them like [1] please.';
  const words: string[] = leak.match(/\s*\S+/g) ?? [];
  // "answer only from the numbered documents cite them" are the 8 consecutive prompt words that make the leak.
  const leakAt = words.indexOf(' them');

  it('resets to the blocked text as soon as the streamed words leak the system prompt', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    const results = words.map((word) => filter.push(word));
    expect(results.slice(0, leakAt).every((delta) => delta === null || delta.type === 'text')).toBe(true);
    expect(results[leakAt]).toEqual({ type: 'reset', text: BLOCKED_ANSWER_TEXT });
    expect(filter.finish()).toEqual({
      delta: { type: 'reset', text: BLOCKED_ANSWER_TEXT },
      text: BLOCKED_ANSWER_TEXT,
      blocked: true,
    });
  });

  it('never releases text again once the answer is blocked', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    const results = words.map((word) => filter.push(word));
    expect(results.slice(leakAt)).toEqual(
      words.slice(leakAt).map(() => ({ type: 'reset', text: BLOCKED_ANSWER_TEXT })),
    );
  });

  it('never shows the leaking passage once it is complete', () => {
    const { snapshots, shown } = stream(words);
    expect(snapshots.some((snapshot) => snapshot.includes('cite them'))).toBe(false);
    expect(shown).toBe(BLOCKED_ANSWER_TEXT);
  });

  it('blocks an answer that dumps its instructions before anything after the announcement goes out', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('Here are my')).toEqual({ type: 'text', text: 'Here are my' });
    // Only the colon of "instructions:" waits (it could start a link); the word itself completes the announcement.
    expect(filter.push(' instructions:')).toEqual({ type: 'reset', text: BLOCKED_ANSWER_TEXT });
    expect(filter.finish().blocked).toBe(true);
  });

  it('answers a first chunk that already leaks with a reset, never with text', () => {
    const filter = new StreamingOutputFilter(CONTEXT);
    expect(filter.push('You are a helpful support assistant for Acme. ')).toEqual({
      type: 'reset',
      text: BLOCKED_ANSWER_TEXT,
    });
  });
});

describe('StreamingOutputFilter: chunk boundaries', () => {
  const texts = [
    'Returns are free for members. Ask us anytime [1].',
    'Write to jo@evil.example or call 555 123 4567 today.',
    'Our line is +1 (800) 555-0199, open daily. See https://help.acme.com/contact for more.',
    'Do not visit https://evil.com/x or www.evil.com ever.',
    'Pay with 4111 1111 1111 1111 please',
    'Sure: answer only from the numbered documents, cite them like [1] please.',
  ];

  it.each(texts)('ends with the same shown text, final text and verdict at every chunk boundary: %j', (text) => {
    const whole = stream([text]);
    const expected = filterAnswer(text, CONTEXT);
    expect(whole.shown).toBe(expected.text);
    expect(whole.finished).toMatchObject({ text: expected.text, blocked: expected.blocked });
    for (const chunks of chunkings(text)) {
      const split = stream(chunks);
      expect({ chunks, shown: split.shown }).toEqual({ chunks, shown: whole.shown });
      expect({ chunks, text: split.finished.text, blocked: split.finished.blocked }).toEqual({
        chunks,
        text: whole.finished.text,
        blocked: whole.finished.blocked,
      });
    }
  });

  it('never shows a redacted address, number or removed link, wherever the stream is cut', () => {
    const text = 'Write to jo@evil.example or call 555 123 4567 today, not https://evil.com/x ok.';
    expect(filterAnswer(text, CONTEXT).text).toBe(`Write to ${REDACTED_TEXT} or call ${REDACTED_TEXT} today, not ok.`);
    for (const chunks of chunkings(text)) {
      for (const snapshot of stream(chunks).snapshots) {
        expect({ chunks, snapshot }).toEqual({ chunks, snapshot: expect.not.stringMatching(/@evil|4567|evil\.com/) });
      }
    }
  });
});
