import { ConversationTurn } from '../answer.types';
import { lastExchange, opensTopic, refersBack } from './conversation-signals';

describe('lastExchange', () => {
  it('returns the previous customer turn and the reply after it', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Can I pause my subscription?' },
      { role: 'bot', text: 'Yes, for up to three months.', documentIds: ['pause'] },
    ];
    expect(lastExchange(history)).toEqual({
      customer: 'Can I pause my subscription?',
      reply: 'Yes, for up to three months.',
      replyDocumentIds: ['pause'],
    });
  });

  it('takes the last exchange, not an earlier one', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Where is my parcel?' },
      { role: 'bot', text: 'It left the warehouse yesterday.', documentIds: ['shipping'] },
      { role: 'customer', text: 'Can I pause my subscription?' },
      { role: 'bot', text: 'Yes, for up to three months.', documentIds: ['pause'] },
    ];
    expect(lastExchange(history)).toEqual({
      customer: 'Can I pause my subscription?',
      reply: 'Yes, for up to three months.',
      replyDocumentIds: ['pause'],
    });
  });

  it("counts an agent's reply as the reply", () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Can I pause my subscription?' },
      { role: 'agent', text: 'I have paused it for you.' },
    ];
    expect(lastExchange(history)).toMatchObject({
      customer: 'Can I pause my subscription?',
      reply: 'I have paused it for you.',
    });
  });

  it('takes the latest of several replies to the customer turn, with its documents', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Can I pause my subscription?' },
      { role: 'bot', text: 'Yes, for up to three months.', documentIds: ['pause'] },
      { role: 'agent', text: 'I can also do it for you.', documentIds: ['agent-doc'] },
    ];
    expect(lastExchange(history)).toEqual({
      customer: 'Can I pause my subscription?',
      reply: 'I can also do it for you.',
      replyDocumentIds: ['agent-doc'],
    });
  });

  it('returns no documents for a reply that cited none', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Can I pause my subscription?' },
      { role: 'agent', text: 'I have paused it for you.' },
    ];
    expect(lastExchange(history).replyDocumentIds).toEqual([]);
  });

  it('returns an empty exchange for an empty history', () => {
    expect(lastExchange([])).toEqual({ customer: '', reply: '', replyDocumentIds: [] });
  });

  it('returns the customer turn with no reply when the history ends with the customer', () => {
    const history: ConversationTurn[] = [
      { role: 'customer', text: 'Where is my parcel?' },
      { role: 'bot', text: 'It left the warehouse yesterday.', documentIds: ['shipping'] },
      { role: 'customer', text: 'Can I pause my subscription?' },
    ];
    expect(lastExchange(history)).toEqual({
      customer: 'Can I pause my subscription?',
      reply: '',
      replyDocumentIds: [],
    });
  });

  it('returns the reply with no customer turn when the customer has not spoken before', () => {
    const history: ConversationTurn[] = [{ role: 'bot', text: 'Hi! How can I help?', documentIds: ['welcome'] }];
    expect(lastExchange(history)).toEqual({
      customer: '',
      reply: 'Hi! How can I help?',
      replyDocumentIds: ['welcome'],
    });
  });
});

describe('refersBack', () => {
  it.each(['How much does it cost?', 'Can I return those after a month?', 'Is this available in Europe?'])(
    'is 1 for a pronoun anywhere: %s',
    (question) => {
      expect(refersBack(question)).toBe(1);
    },
  );

  it('is 1 for a pronoun late in a long question', () => {
    expect(refersBack('How many days does the courier need to deliver them?')).toBe(1);
  });

  it.each(['And for students?', 'So what happens next?', 'Yes, please go ahead.', 'What about Europe?'])(
    'is 1 for a question that opens with a referring word: %s',
    (question) => {
      expect(refersBack(question)).toBe(1);
    },
  );

  it('is 1 for a referring word among the first four words', () => {
    expect(refersBack('Great thanks, and students?')).toBe(1);
  });

  it('is 0 for "and", "so", "yes" or "what" after the fourth word', () => {
    expect(refersBack('How do I reset my password and username?')).toBe(0);
    expect(refersBack('Please tell me quickly so I can plan.')).toBe(0);
    expect(refersBack('Please tell me exactly what the price is.')).toBe(0);
  });

  it.each(["That's too long, can I pay later?", "It's still broken after the reset?"])(
    'reads a contraction as its words: %s',
    (question) => {
      expect(refersBack(question)).toBe(1);
    },
  );

  it('is 0 for a question that stands on its own', () => {
    expect(refersBack('How do I reset my password?')).toBe(0);
  });

  it.each(['What is the Benefits Planner used for?', 'What are VA education benefits for?'])(
    'is 0 for a question that merely opens with "what": %s',
    (question) => {
      expect(refersBack(question)).toBe(0);
    },
  );

  it.each(['What if I have to pay a fee?', 'How about next week?', 'What else do I need?'])(
    'is 1 for "what if", "how about" and "what else" at the start: %s',
    (question) => {
      expect(refersBack(question)).toBe(1);
    },
  );

  it('does not take the "there" of a greeting for a reference', () => {
    expect(refersBack('Hi there, where is my parcel?')).toBe(0);
  });

  it('ignores case', () => {
    expect(refersBack('AND FOR STUDENTS?')).toBe(1);
    expect(refersBack('How much does IT cost?')).toBe(1);
  });

  it('does not take a word containing a referring word for it', () => {
    expect(refersBack('Which item ships fastest?')).toBe(0);
  });

  it('is 0 for an empty question', () => {
    expect(refersBack('')).toBe(0);
  });
});

describe('opensTopic: asking for information', () => {
  it.each(["Hi. I'm looking information about forbearance.", 'I need SSI benefits information', 'Looking for details'])(
    'is 1 for a request for information on a subject: %s',
    (question) => {
      expect(opensTopic(question)).toBe(1);
    },
  );

  it('is 0 when "information" is not what the question asks for', () => {
    expect(opensTopic('Does the information I sent arrive safely?')).toBe(0);
  });
});

describe('opensTopic', () => {
  it.each(['Hi, how do I reset my password?', 'Hello there', 'hey, quick one', 'Good morning! Where is my parcel?'])(
    'is 1 for a greeting at the start: %s',
    (question) => {
      expect(opensTopic(question)).toBe(1);
    },
  );

  it('is 0 for a greeting word that is not at the start', () => {
    expect(opensTopic('I said hi to the courier, where is my parcel?')).toBe(0);
  });

  it('is 0 for a word that merely starts with a greeting', () => {
    expect(opensTopic('Highest plan price?')).toBe(0);
  });

  it.each([
    'I have another question about billing',
    'Different topic: where is my parcel?',
    'One more thing, a separate issue with my card',
  ])('is 1 for a new-subject phrase: %s', (question) => {
    expect(opensTopic(question)).toBe(1);
  });

  it.each([
    'I would like information about your refund policy',
    'Can I get details on the warranty?',
    'I want to learn about the annual plan',
  ])('is 1 for asking for information about something: %s', (question) => {
    expect(opensTopic(question)).toBe(1);
  });

  it.each(['How much does it cost?', 'And for students?', 'Can I pause my subscription?'])(
    'is 0 for a question without an opener: %s',
    (question) => {
      expect(opensTopic(question)).toBe(0);
    },
  );
});
