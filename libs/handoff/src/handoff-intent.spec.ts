import { NegativeFeedbackTracker, isHumanRequest } from './handoff-intent';

const POSITIVES = [
  'can I talk to someone',
  'Can I talk to someone?',
  'speak to a human',
  'I want to speak to an agent please',
  'let me speak with a person',
  'Could I speak to a representative?',
  'real person please',
  'operator',
  'Operator!!',
  'I want a human',
  'i need a real person',
  'human please',
  'agent',
  'Connect me to an agent',
  'transfer me to a representative',
  'get me a human',
  'Is there a human I can talk to?',
  "I'd like to chat with someone from support",
  'can i talk to customer service',
  'I want to talk to a manager',
  'put me through to a live agent',
  'Can I please talk to an actual human being',
];

const NEGATIVES = [
  'how do I talk to my bank about a loan?',
  'can someone else use my account?',
  'How do I add another agent to my team?',
  "What's the operator precedence in the formula editor?",
  'The person who ordered is not at home',
  'I need a person’s address updated on the invoice',
  'I want a human-readable export of my data',
  'Talk to you later!',
  'How can my customers talk to an agent on my site?',
  'Can I transfer my subscription to another person?',
  'Does your agent app support Android?',
  'Are you a real person?',
  'Who is the human resources contact?',
  'How do I speak to my customers through email campaigns?',
  'my password reset link does not work',
  'Can I chat with other users in the community forum?',
  'what are your opening hours',
  'Is the live chat feature included in the basic plan?',
  'Someone charged my card twice',
  'How many agents can I add on the Pro plan?',
];

describe('isHumanRequest', () => {
  it.each(POSITIVES)('recognises %p', (text) => expect(isHumanRequest(text)).toBe(true));
  it.each(NEGATIVES)('does not mistake %p', (text) => expect(isHumanRequest(text)).toBe(false));
});

describe('NegativeFeedbackTracker', () => {
  const tracker = new NegativeFeedbackTracker();

  it('hands off after two thumbs-down in a row', () => {
    expect(tracker.reasonFor(['up', 'down', 'down'])).toBe('negative_feedback');
  });

  it('lets unrated answers sit between the two', () => {
    expect(tracker.reasonFor(['down', null, 'down', null])).toBe('negative_feedback');
  });

  it('resets on a thumbs-up and needs two', () => {
    expect(tracker.reasonFor(['down', 'up', 'down'])).toBeNull();
    expect(tracker.reasonFor(['down'])).toBeNull();
    expect(tracker.reasonFor([])).toBeNull();
  });
});
