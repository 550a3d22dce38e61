import { MessageStore } from './message-store';
import { widgetMessage } from './widget-message.fixture';

const contact = (id: string, clientMessageId: string, createdAt: string, content = 'Hi') =>
  widgetMessage({ id, author: 'contact', clientMessageId, createdAt, content });

describe('MessageStore', () => {
  it('shows a pending message at once and reconciles it with the server copy by clientMessageId', () => {
    const store = new MessageStore();
    const pending = store.addPending('c1', 'Where is my order?', '2025-01-01T10:00:00.000Z');
    expect(pending).toMatchObject({ id: null, delivery: 'pending', author: 'contact' });

    const { entry, isNew } = store.upsert(contact('m1', 'c1', '2025-01-01T10:00:01.000Z', 'Where is my order?'));
    expect(isNew).toBe(true);
    expect(entry).toBe(pending);
    expect(entry).toMatchObject({ id: 'm1', delivery: 'sent', key: 'c:c1' });
    expect(store.entries()).toHaveLength(1);
  });

  it('dedupes repeated deliveries of the same server message', () => {
    const store = new MessageStore();
    const first = store.upsert(widgetMessage({ id: 'b1', content: 'Answer' }));
    const again = store.upsert(widgetMessage({ id: 'b1', content: 'Answer' }));
    expect(first.isNew).toBe(true);
    expect(again.isNew).toBe(false);
    expect(again.entry).toBe(first.entry);
    expect(store.entries()).toHaveLength(1);
  });

  it('keeps the rating the server says was given for a rating request, and none for one not yet rated', () => {
    const store = new MessageStore();
    const rating = { score: 3, comment: 'Fine', changeableUntil: '2025-01-08T10:00:00.000Z' };
    const asked = store.upsert(widgetMessage({ id: 'ask', ratingRequest: true }));
    expect(asked.entry.givenRating).toBeNull();
    const rated = store.upsert(widgetMessage({ id: 'ask', ratingRequest: true, rating }));
    expect(rated.entry.givenRating).toEqual({ score: 3, comment: 'Fine' });
  });

  it('treats the server echo on the event stream and the POST answer as one message', () => {
    const store = new MessageStore();
    store.addPending('c1', 'Hi', '2025-01-01T10:00:00.000Z');
    store.upsert(contact('m1', 'c1', '2025-01-01T10:00:00.500Z'));
    const echo = store.upsert(contact('m1', 'c1', '2025-01-01T10:00:00.500Z'));
    expect(echo.isNew).toBe(false);
    expect(store.entries().map((e) => e.id)).toEqual(['m1']);
  });

  it('orders confirmed messages by time, whatever order they arrive in', () => {
    const store = new MessageStore();
    store.upsert(widgetMessage({ id: 'b', createdAt: '2025-01-01T10:00:02.000Z' }));
    store.upsert(widgetMessage({ id: 'a', createdAt: '2025-01-01T10:00:01.000Z' }));
    store.upsert(widgetMessage({ id: 'c', createdAt: '2025-01-01T10:00:03.000Z' }));
    store.upsert(widgetMessage({ id: 'c2', createdAt: '2025-01-01T10:00:03.000Z' }));
    expect(store.entries().map((e) => e.id)).toEqual(['a', 'b', 'c', 'c2']);
    expect(store.lastServerId()).toBe('c2');
  });

  it('keeps an unconfirmed message after the messages known when it was written', () => {
    const store = new MessageStore();
    store.upsert(widgetMessage({ id: 'greet', createdAt: '2025-01-01T10:00:00.000Z' }));
    store.addPending('c1', 'Too long…', '2025-01-01T10:00:05.000Z');
    store.setDelivery('c1', 'failed', 'message_too_long');
    store.addPending('c2', 'Shorter', '2025-01-01T10:00:06.000Z');
    store.upsert(contact('m2', 'c2', '2025-01-01T10:00:06.000Z', 'Shorter'));
    store.upsert(widgetMessage({ id: 'answer', createdAt: '2025-01-01T10:00:07.000Z' }));

    expect(store.entries().map((e) => e.id ?? e.clientMessageId)).toEqual(['greet', 'c1', 'm2', 'answer']);
    expect(store.findByClientId('c1')).toMatchObject({ delivery: 'failed', error: 'message_too_long' });
    expect(store.lastServerId()).toBe('answer');
  });

  it('moves restored outbox messages after the history that loads later', () => {
    const store = new MessageStore();
    store.addPending('c9', 'Still unsent', '2025-01-01T09:00:00.000Z');
    store.upsert(widgetMessage({ id: 'h1', createdAt: '2025-01-01T08:00:00.000Z' }));
    store.upsert(widgetMessage({ id: 'h2', createdAt: '2025-01-01T08:30:00.000Z' }));
    expect(store.entries()[0]?.clientMessageId).toBe('c9');

    store.moveUnconfirmedToEnd();
    expect(store.entries().map((e) => e.id ?? e.clientMessageId)).toEqual(['h1', 'h2', 'c9']);
  });

  it('reconciles a restored pending message found in the history without duplicating it', () => {
    const store = new MessageStore();
    store.addPending('c1', 'Hi', '2025-01-01T09:00:00.000Z');
    store.upsert(contact('m1', 'c1', '2025-01-01T09:00:00.200Z'));
    expect(store.entries()).toHaveLength(1);
    expect(store.findById('m1')?.key).toBe('c:c1');
  });

  it('changes delivery only for unconfirmed messages, bumping the version', () => {
    const store = new MessageStore();
    const entry = store.addPending('c1', 'Hi', '2025-01-01T09:00:00.000Z');
    const version = entry.version;
    store.setDelivery('c1', 'retrying');
    expect(entry).toMatchObject({ delivery: 'retrying' });
    expect(entry.version).toBe(version + 1);

    store.upsert(contact('m1', 'c1', '2025-01-01T09:00:00.200Z'));
    expect(store.setDelivery('c1', 'failed', 'late')).toBeNull();
    expect(entry.delivery).toBe('sent');
    expect(store.setDelivery('unknown', 'failed')).toBeNull();
  });

  it('lists the confirmed messages after a given id, for the unread count', () => {
    const store = new MessageStore();
    ['a', 'b', 'c'].forEach((id, i) => store.upsert(widgetMessage({ id, createdAt: `2025-01-01T10:00:0${i}.000Z` })));
    expect(store.entriesAfter('a').map((e) => e.id)).toEqual(['b', 'c']);
    expect(store.entriesAfter('c')).toEqual([]);
    expect(store.entriesAfter(null).map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('does not add a second pending bubble for the same clientMessageId', () => {
    const store = new MessageStore();
    const first = store.addPending('c1', 'Hi', '2025-01-01T09:00:00.000Z');
    expect(store.addPending('c1', 'Hi', '2025-01-01T09:00:00.000Z')).toBe(first);
    expect(store.entries()).toHaveLength(1);
  });

  describe('awaitingConfirmation', () => {
    const confirm = (id: string, createdAt: string) =>
      widgetMessage({ id, kind: 'answer', createdAt, confirmation: { action: 'cancel_order' } });

    it('keeps the confirmation a bot message carries and offers it while that message is the newest', () => {
      const store = new MessageStore();
      store.upsert(contact('m1', 'c1', '2025-01-01T10:00:00.000Z', 'Cancel order NW-10482'));
      store.upsert(confirm('b1', '2025-01-01T10:00:01.000Z'));
      expect(store.findById('b1')?.confirmation).toEqual({ action: 'cancel_order' });
      expect(store.awaitingConfirmation()?.id).toBe('b1');
    });

    it('offers nothing once the customer has answered, even before the answer is confirmed by the server', () => {
      const store = new MessageStore();
      store.upsert(confirm('b1', '2025-01-01T10:00:01.000Z'));
      store.addPending('c2', 'Yes', '2025-01-01T10:00:02.000Z');
      expect(store.awaitingConfirmation()).toBeNull();
    });

    it('offers nothing for an older confirmation once any newer message arrives', () => {
      const store = new MessageStore();
      store.upsert(confirm('b1', '2025-01-01T10:00:01.000Z'));
      store.upsert(widgetMessage({ id: 'a1', author: 'agent', createdAt: '2025-01-01T10:00:02.000Z' }));
      expect(store.awaitingConfirmation()).toBeNull();
      expect(store.findById('b1')?.confirmation).toEqual({ action: 'cancel_order' });
    });

    it('offers only the newest of two confirmations', () => {
      const store = new MessageStore();
      store.upsert(confirm('b1', '2025-01-01T10:00:01.000Z'));
      store.upsert(contact('m2', 'c2', '2025-01-01T10:00:02.000Z', 'Cancel order NW-10483'));
      store.upsert(confirm('b2', '2025-01-01T10:00:03.000Z'));
      expect(store.awaitingConfirmation()?.id).toBe('b2');
    });

    it('offers nothing for a newest bot message without a confirmation, or for a contact message', () => {
      const store = new MessageStore();
      expect(store.awaitingConfirmation()).toBeNull();
      store.upsert(widgetMessage({ id: 'b1', kind: 'answer' }));
      expect(store.awaitingConfirmation()).toBeNull();
      store.upsert(
        widgetMessage({
          id: 'm9',
          author: 'contact',
          createdAt: '2025-01-01T10:00:05.000Z',
          confirmation: { action: 'cancel_order' },
        }),
      );
      expect(store.awaitingConfirmation()).toBeNull();
    });
  });
});
