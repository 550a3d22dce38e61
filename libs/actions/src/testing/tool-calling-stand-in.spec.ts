import { delimitUntrusted } from '@switchboard/answers';
import type { ChatCompletionRequestBody } from '@switchboard/llm/testing';
import { toolCallingStandIn, untrustedBlocks } from './tool-calling-stand-in';

const TOOLS: ChatCompletionRequestBody['tools'] = [
  {
    type: 'function',
    function: {
      name: 'order_status',
      description: 'Look up the status of an order by its order number.',
      parameters: {
        type: 'object',
        properties: { order_number: { type: 'string', pattern: '^NW-\\d{5}$' } },
        required: ['order_number'],
      },
    },
  },
];

const SYSTEM = 'Rules. Today is Monday 1 March 2027 (2027-03-01) (time zone America/Los_Angeles).';

function request(question: string, extra: ChatCompletionRequestBody['messages'] = []): ChatCompletionRequestBody {
  return {
    model: 'gpt-4o-mini',
    tools: TOOLS,
    messages: [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: `Customer message:\n${delimitUntrusted('MESSAGE', question)}` },
      ...extra,
    ],
  };
}

describe('toolCallingStandIn', () => {
  const respond = toolCallingStandIn();

  it('reads the delimited blocks of a prompt by label', () => {
    const text = `a ${delimitUntrusted('MESSAGE', 'hello\nthere')} b ${delimitUntrusted('CHAT', 'customer: hi')}`;
    expect(Object.fromEntries(untrustedBlocks(text))).toEqual({ MESSAGE: 'hello\nthere', CHAT: 'customer: hi' });
  });

  it('calls the tool the question asks for, with the arguments the schema finds', () => {
    expect(respond(request('Where is my order nw 10482?'))).toEqual({
      toolCalls: [{ name: 'order_status', arguments: { order_number: 'NW-10482' } }],
    });
  });

  it('calls no tool for a question no tool does', () => {
    expect(respond(request('What colours do your bikes come in?'))).toEqual({ text: '' });
  });

  it('reads a tool result back as the customer reply', () => {
    const result = {
      role: 'tool',
      tool_call_id: 'call_1',
      content: delimitUntrusted('TOOL-RESULT', '{"status":"shipped","carrier":"UPS"}'),
    };
    expect(respond(request('Where is NW-10482?', [result]))).toEqual({
      text: 'Here is what I found:\n- status: shipped\n- carrier: UPS',
    });
  });

  it('answers requests without tools with the fallback', () => {
    const withFallback = toolCallingStandIn(() => ({ text: 'from the documents' }));
    expect(withFallback({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toEqual({
      text: 'from the documents',
    });
  });
});
