import { serializeCompletion, serializePrompt } from './llm-call-log';
import type { LlmMessage } from './llm.port';
import { estimatePromptTokens } from './usage-estimate';

const dialogue: LlmMessage[] = [
  { role: 'system', content: 'Use the tools.' },
  { role: 'user', content: 'Where is A-1?' },
  { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'order_status', arguments: '{"n":"A-1"}' }] },
  { role: 'tool', toolCallId: 'call_1', content: '{"status":"shipped"}' },
];

describe('the call log of tool-calling calls', () => {
  it('keeps a plain prompt a JSON array of role and content', () => {
    expect(JSON.parse(serializePrompt(dialogue.slice(0, 2)))).toEqual(dialogue.slice(0, 2));
  });

  it('keeps the calls of an assistant turn and the call a tool message answers, so the prompt can be replayed', () => {
    const tools = [{ name: 'order_status', description: 'Where an order is.', parameters: { type: 'object' } }];

    expect(JSON.parse(serializePrompt(dialogue, { tools, toolChoice: 'required' }))).toEqual({
      messages: dialogue,
      tools,
      toolChoice: 'required',
    });
  });

  it('logs a completion with calls as its text and the calls, one without as its text', () => {
    const toolCalls = [{ id: 'call_2', name: 'order_status', arguments: '{}' }];

    expect(JSON.parse(serializeCompletion({ text: '', toolCalls }))).toEqual({ text: '', toolCalls });
    expect(serializeCompletion({ text: 'Hello.' })).toBe('Hello.');
  });

  it('estimates the tokens of a call by its name and arguments', () => {
    const [, , call] = dialogue;

    expect(estimatePromptTokens([call])).toBe(4 + Math.ceil('order_status{"n":"A-1"}'.length / 4));
  });
});
