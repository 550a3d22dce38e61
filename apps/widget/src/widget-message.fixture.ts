import type { WidgetMessage } from '@switchboard/contracts';

/** A complete message for tests; override what the test is about. */
export function widgetMessage(overrides: Partial<WidgetMessage> & Pick<WidgetMessage, 'id'>): WidgetMessage {
  return {
    author: 'bot',
    content: 'Hello',
    createdAt: '2025-01-01T10:00:00.000Z',
    clientMessageId: null,
    agentName: null,
    kind: 'message',
    citations: [],
    confidence: null,
    collectEmail: false,
    replyTo: null,
    confirmation: null,
    ratingRequest: false,
    ...overrides,
  };
}
