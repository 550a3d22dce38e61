import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContractModel, DOC_PATH, REPO_ROOT, compareDocWithContract, readDoc } from './testing';

const doc = readFileSync(DOC_PATH, 'utf8');
const WIDGET_CONTRACT = join(REPO_ROOT, 'libs', 'contracts', 'src', 'widget.ts');
const CONSOLE_CONTRACT = join(REPO_ROOT, 'libs', 'contracts', 'src', 'console.ts');

/** The contract with one file's text edited, as if someone changed only the contract. */
function contractWith(file: string, from: string, to: string): ContractModel {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}`);
  return new ContractModel(new Map([[file, text.replace(from, to)]]));
}

/** The doc with one passage edited, as if someone changed only the doc. */
function docWith(from: string, to: string): string {
  if (!doc.includes(from)) throw new Error(`the doc no longer contains ${from}`);
  return doc.replace(from, to);
}

describe('the widget and console contract against docs/widget-and-console-http.md', () => {
  let contract: ContractModel;
  beforeAll(() => {
    contract = new ContractModel();
  });

  it('reads every route, event and named type of the doc', () => {
    const read = readDoc(doc);
    expect(read.routes.filter((route) => route.side === 'widget').map((route) => route.route)).toEqual([
      'GET look',
      'POST session',
      'POST session/renew',
      'GET messages',
      'POST messages',
      'GET events',
      'POST feedback',
      'POST handoff',
      'POST contact',
      'POST attachments',
      'POST csat',
      'POST end',
    ]);
    expect(read.routes.filter((route) => route.side === 'console')).toHaveLength(51);
    expect(read.events.map((event) => `${event.side} ${event.name}`)).toEqual([
      ...['ready', 'message', 'typing', 'token', 'reset', 'discard', 'owner'].map((name) => `widget ${name}`),
      ...['ready', 'ticket', 'message', 'conversation'].map((name) => `console ${name}`),
    ]);
    expect([...read.namedTypes.keys()]).toEqual([
      'WidgetMessage',
      'TicketView',
      'ConversationView',
      'ConsoleMessage',
      'ActionCallView',
      'ActionView',
      'FineTuningExportView',
      'FineTuningJobView',
      'AuditEventView',
      'WebhookView',
      'WebhookDeliveryView',
    ]);
  });

  it('agrees with the contract: the same routes, and every documented field, query and event with its type', () => {
    expect(compareDocWithContract(readDoc(doc), contract)).toEqual([]);
  });

  describe('fails when only the doc changes', () => {
    it.each([
      ['a route', '| `POST handoff` ', '| `POST escalate` ', /POST escalate: in the doc/],
      [
        'a field of an answer',
        '`200 { handedOff }`',
        '`200 { handedOff, ticketId }`',
        /POST feedback answer.ticketId: in the doc/,
      ],
      [
        'a body field',
        '`{ clientMessageId, content }`',
        '`{ clientMessageId }`',
        /POST messages body.content: in the contract/,
      ],
      [
        'an optional body field',
        '`{ content, private? }`',
        '`{ content, private }`',
        /private: optional in the contract/,
      ],
      [
        'a field of WidgetMessage',
        '  replyTo: string | null;',
        '',
        /WidgetMessage.replyTo: in the contract, not in the doc/,
      ],
      [
        'a field type',
        '  confidence: number | null;',
        '  confidence: number;',
        /WidgetMessage.confidence: number in the doc/,
      ],
      ['an allowed value', 'scope=all\\|mine\\|unassigned', 'scope=all\\|mine', /GET tickets \?scope/],
      [
        'an event',
        '- `discard` `{ replyTo }`',
        '- `discard` `{ replyTo, reason }`',
        /event discard.reason: in the doc/,
      ],
    ])('%s', (_what, from, to, problem) => {
      expect(compareDocWithContract(readDoc(docWith(from, to)), contract)).toEqual(
        expect.arrayContaining([expect.stringMatching(problem)]),
      );
    });
  });

  describe('fails when only the contract changes', () => {
    it.each([
      [
        'a field of WidgetMessage',
        WIDGET_CONTRACT,
        '  replyTo: string | null;',
        '  replyTo: string | null;\n  seen: boolean;',
        /WidgetMessage.seen: in the contract, not in the doc/,
      ],
      [
        'a route',
        CONSOLE_CONTRACT,
        "  'GET agents':",
        "  'GET agents/:id':",
        /GET agents: in the doc, not in the contract/,
      ],
      ['an allowed value', WIDGET_CONTRACT, "['up', 'down']", "['up', 'down', 'meh']", /POST feedback body.rating/],
      [
        'a named type',
        CONSOLE_CONTRACT,
        '  messages: ConsoleMessage[];\n}',
        '  messages: WidgetMessage[];\n}',
        /GET tickets\/:id answer.messages\[\]: ConsoleMessage in the doc, WidgetMessage in the contract/,
      ],
    ])('%s', (_what, file, from, to, problem) => {
      expect(compareDocWithContract(readDoc(doc), contractWith(file, from, to))).toEqual(
        expect.arrayContaining([expect.stringMatching(problem)]),
      );
    });
  });
});
