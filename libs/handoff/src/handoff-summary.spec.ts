import { HandoffSummarizer, SUMMARY_MAX_CHARS, extractiveSummary } from './handoff-summary';
import { LlmClient } from '@switchboard/llm';

describe('extractiveSummary', () => {
  const input = {
    reason: 'low_confidence' as const,
    confidence: 0.31,
    threshold: 0.5,
    turns: [
      { role: 'customer' as const, text: 'Can I get a refund for my annual plan?' },
      { role: 'bot' as const, text: 'Refunds are possible within 30 days of purchase.', confidence: 0.31 },
      { role: 'customer' as const, text: 'I bought it 40 days ago, is there an exception?' },
    ],
  };

  it('names the reason, the questions and what the bot answered with its confidence', () => {
    const summary = extractiveSummary(input);
    expect(summary).toContain('not confident enough (confidence 31%, threshold 50%)');
    expect(summary).toContain('"Can I get a refund for my annual plan?"');
    expect(summary).toContain('"I bought it 40 days ago, is there an exception?"');
    expect(summary).toContain('Bot answered (confidence 31%): "Refunds are possible within 30 days of purchase."');
  });

  it('is deterministic and bounded, whatever the length of the conversation', () => {
    const long = {
      ...input,
      turns: Array.from({ length: 40 }, (_, i) => ({
        role: i % 2 === 0 ? ('customer' as const) : ('bot' as const),
        text: `message ${i} `.repeat(60),
      })),
    };
    expect(extractiveSummary(long)).toBe(extractiveSummary(long));
    expect(extractiveSummary(long).length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(extractiveSummary(long)).toContain('message 38');
  });

  it('falls back to the extractive summary when the LLM fails', async () => {
    const failing: LlmClient = {
      complete: () => Promise.reject(new Error('boom')),
      stream: () => {
        throw new Error('boom');
      },
    };
    expect(await new HandoffSummarizer(failing).summarize('w', input)).toBe(extractiveSummary(input));
  });

  it("removes from the model's summary a phone number and a link the conversation does not hold", async () => {
    const llm: LlmClient = {
      complete: async () => ({
        text: 'Customer wants a refund; call them on +1 415 555 0123 or see https://evil.example/pay now.',
        model: 'm',
        provider: 'p',
        promptTokens: 1,
        completionTokens: 1,
        costUsd: 0,
        latencyMs: 1,
        finishReason: 'stop',
      }),
      stream: () => {
        throw new Error('not streamed');
      },
    };
    const summary = await new HandoffSummarizer(llm).summarize('w', input);
    expect(summary).toContain('Customer wants a refund');
    expect(summary).not.toContain('555 0123');
    expect(summary).not.toContain('evil.example');
  });
});
