// Seeds the demo with resolved conversations, so `POST /v1/fine-tuning/exports` (and the CLI) work out of the box:
// a visitor asks through the widget API, rates a helpful bot answer, asks for a person, and the demo agent claims
// the ticket, replies and resolves it in the console API. Idempotent: the count done is kept in demo.json.
'use strict';
const { randomUUID } = require('node:crypto');

// The export needs 10 training examples after a 20 % validation split: 13 conversations give 10 + 3.
const CONVERSATIONS = [
  [
    'Can I pause my subscription while I am on holiday?',
    'Yes, you can pause for up to 8 weeks from the app under Subscription > Pause. Enjoy your trip!',
  ],
  [
    'How do I charge the battery for the first time?',
    'Charge it fully before your first ride, about 4 hours. After that, top up whenever you like. Happy riding!',
  ],
  [
    'My bike makes a clicking noise when I pedal.',
    "Sorry about that! It is usually the chain needing oil. I've booked a free check-up; a mechanic will call you to pick a time.",
  ],
  [
    'Can I switch to a bigger frame size?',
    "Of course. I've requested a swap to a large frame; we deliver it and collect the old one on the same visit, free of charge.",
  ],
  [
    'Is theft covered by my plan?',
    "Yes, theft is covered once you file a police report. Send it to us in the app and we'll replace your bike within 5 working days.",
  ],
  [
    'Where can I find my invoices?',
    "You'll find every invoice in the app under Account > Billing. I've also e-mailed you the last three as PDFs.",
  ],
  [
    'Do you deliver to the suburbs?',
    'We do! Delivery to the suburbs takes 3 to 5 working days. Let me know your postcode and I can confirm the exact date.',
  ],
  [
    'Can I cancel my subscription?',
    "You can cancel at any time with one month's notice. I've started the cancellation for you; we'll confirm the pick-up date by e-mail.",
  ],
  [
    'The app does not show my battery level.',
    "Thanks for letting us know! Please update the app to the latest version; if it still doesn't show, reply here and we'll sort it out.",
  ],
  [
    'Can my partner ride my bike too?',
    'Absolutely. Anyone in your household can ride it; just make sure they know how to lock it. Have fun together!',
  ],
  [
    'How do I add a child seat?',
    "Good news: child seats fit every Northwind bike. I've added one to your next delivery at 5 EUR a month.",
  ],
  [
    'My tyre is flat, what should I do?',
    "Sorry to hear that! Don't ride on it. I've booked a mechanic to fix it at your home; they'll call you within a day.",
  ],
  [
    'Can I upgrade to the cargo bike?',
    "Yes! I've set up the upgrade to the cargo bike from next month; the price difference shows on your next invoice.",
  ],
];
const REPLY_TIMEOUT_MS = 30_000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** JSON over HTTP; throws with the route and status on anything but 2xx. */
function requester(apiUrl, signal) {
  return async function request(method, route, { token, json, headers = {} } = {}) {
    const init = { method, signal, headers: { ...headers } };
    if (token) init.headers.Authorization = `Bearer ${token}`;
    if (json !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json);
    }
    const response = await fetch(`${apiUrl}${route}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** Seeds CONVERSATIONS resolved conversations through the widget and console APIs; `state` is demo.json's. */
async function seedResolvedConversations({ apiUrl, signal, state, inboxKey, origin, agent, log }) {
  const request = requester(apiUrl, signal);
  const done = state.data.resolvedConversations ?? 0;
  if (done >= CONVERSATIONS.length) {
    log(`fine-tuning demo data up to date: ${done} resolved conversations`);
    return;
  }
  const widget = (method, route, options = {}) =>
    request(method, `/v1/widget/${inboxKey}${route}`, { ...options, headers: { Origin: origin } });
  const login = await request('POST', '/v1/console/login', { json: { email: agent.email, password: agent.password } });
  const agentApi = (method, route, options = {}) =>
    request(method, `/v1/console${route}`, { ...options, token: login.token });

  for (const [index, [question, reply]] of CONVERSATIONS.entries()) {
    if (index < done) continue;
    const session = await widget('POST', '/session', { json: {} });
    const visitor = { token: session.visitorToken };
    const sent = await widget('POST', '/messages', {
      ...visitor,
      json: { clientMessageId: randomUUID(), content: question },
    });
    const answer = await botReply(widget, visitor, sent.message.id);
    if (answer.kind === 'answer') {
      await widget('POST', '/feedback', { ...visitor, json: { messageId: answer.id, rating: 'up' } });
      await widget('POST', '/handoff', { ...visitor, json: {} });
    }
    const { tickets } = await agentApi('GET', '/tickets?status=active');
    const ticket = tickets.find((t) => t.conversationId === session.conversationId);
    if (!ticket) throw new Error(`no ticket for the demo conversation ${session.conversationId}`);
    await agentApi('POST', `/tickets/${ticket.id}/claim`, { json: {} });
    await agentApi('POST', `/conversations/${session.conversationId}/messages`, { json: { content: reply } });
    await agentApi('POST', `/tickets/${ticket.id}/resolve`, { json: {} });
    state.data.resolvedConversations = index + 1;
    state.save();
  }
  log(`seeded ${CONVERSATIONS.length - done} resolved conversations for the fine-tuning export`);
}

/** The bot's reply to a message: an answer, or the notice that it handed the conversation to a person. */
async function botReply(widget, visitor, messageId) {
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  for (;;) {
    const { messages } = await widget('GET', `/messages?after=${messageId}`, visitor);
    const reply = messages.find((m) => m.author === 'bot' && m.kind !== 'activity');
    if (reply) return reply;
    if (Date.now() > deadline) throw new Error(`the bot did not reply to the demo question ${messageId}`);
    await sleep(250);
  }
}

module.exports = { seedResolvedConversations, DEMO_CONVERSATIONS: CONVERSATIONS };
