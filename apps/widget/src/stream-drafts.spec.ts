import { StreamDrafts } from './stream-drafts';
import { widgetMessage } from './widget-message.fixture';

describe('StreamDrafts', () => {
  it('shows the typing indicator until the first token, then the growing draft', () => {
    const drafts = new StreamDrafts();
    drafts.startTyping('q1', 'bot');
    expect(drafts.typist()).toBe('bot');

    drafts.appendToken('q1', 'Our ');
    drafts.appendToken('q1', 'hours are');
    expect(drafts.typist()).toBeNull();
    expect(drafts.list()).toEqual([{ replyTo: 'q1', text: 'Our hours are', version: 1 }]);
  });

  it('replaces the streamed text on reset and drops it on discard', () => {
    const drafts = new StreamDrafts();
    drafts.appendToken('q1', 'Wrong start');
    drafts.reset('q1', 'Right');
    expect(drafts.list()[0]?.text).toBe('Right');
    drafts.reset('q2', 'Fresh');
    expect(drafts.list().map((d) => d.replyTo)).toEqual(['q1', 'q2']);

    drafts.startTyping('q1', 'bot');
    drafts.discard('q1');
    expect(drafts.list().map((d) => d.replyTo)).toEqual(['q2']);
  });

  it('lets the final bot message replace the draft it names', () => {
    const drafts = new StreamDrafts();
    drafts.appendToken('q1', 'First');
    drafts.appendToken('q2', 'Second');
    const settled = drafts.settle(widgetMessage({ id: 'b2', content: 'Other', replyTo: 'q2' }));
    expect(settled).toBe('q2');
    expect(drafts.list().map((d) => d.replyTo)).toEqual(['q1']);
  });

  it('without replyTo replaces the draft the answer continues, else the oldest', () => {
    const drafts = new StreamDrafts();
    drafts.appendToken('q1', 'We open at');
    drafts.appendToken('q2', 'Shipping takes');
    expect(drafts.settle(widgetMessage({ id: 'b', content: 'Shipping takes 3 days.' }))).toBe('q2');
    expect(drafts.settle(widgetMessage({ id: 'c', content: 'Something unrelated' }))).toBe('q1');
    expect(drafts.list()).toEqual([]);
  });

  it('clears bot typing when an answer arrives that was never streamed', () => {
    const drafts = new StreamDrafts();
    drafts.startTyping('q1', 'bot');
    expect(drafts.settle(widgetMessage({ id: 'b', content: 'Answer' }))).toBeNull();
    expect(drafts.typist()).toBeNull();
  });

  it('ignores customer messages and ends agent typing on an agent message', () => {
    const drafts = new StreamDrafts();
    drafts.appendToken('q1', 'Draft');
    drafts.startTyping('q2', 'agent');
    expect(drafts.typist()).toBe('agent');
    expect(drafts.settle(widgetMessage({ id: 'c', author: 'contact' }))).toBeNull();
    drafts.settle(widgetMessage({ id: 'a', author: 'agent', agentName: 'Sam' }));
    expect(drafts.typist()).toBeNull();
    expect(drafts.list()).toHaveLength(1);
  });

  it('drops every bot draft and bot typing when an agent takes over, but keeps agent typing', () => {
    const drafts = new StreamDrafts();
    drafts.appendToken('q1', 'Half an answer');
    drafts.startTyping('q2', 'bot');
    drafts.startTyping('q3', 'agent');
    drafts.discardBot();
    expect(drafts.list()).toEqual([]);
    expect(drafts.typist()).toBe('agent');
  });
});
