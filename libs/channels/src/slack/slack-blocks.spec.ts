import {
  RenderableMessage,
  SLACK_ACTIONS,
  confidenceLabel,
  csatScoreOf,
  parseMessageActionValue,
  renderMessageBlocks,
  slackCitationsOf,
  toMrkdwn,
} from './slack-blocks';

const answer: RenderableMessage = {
  id: 'm1',
  conversationId: 'c1',
  content: 'Refunds reach your card within **five** working days [1]. See [the policy](https://help.example.com/r).',
  kind: 'answer',
  metadata: {
    confidence: 0.82,
    citations: [
      { index: 1, title: 'Refunds', url: 'https://help.example.com/refunds', documentId: 'd1' },
      { index: 2, title: 'Shipping <fast>', url: null, documentId: 'd2' },
    ],
  },
};

describe('slack blocks', () => {
  it('renders an answer with its text, citations as links, a confidence label and three buttons', () => {
    const blocks = renderMessageBlocks(answer);
    expect(blocks[0]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Refunds reach your card within *five* working days [1]. See <https://help.example.com/r|the policy>.',
      },
    });
    expect(blocks[1]).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Sources: <https://help.example.com/refunds|[1] Refunds> · [2] Shipping &lt;fast&gt;' },
        { type: 'mrkdwn', text: 'High confidence' },
      ],
    });
    expect(blocks[2]).toMatchObject({
      type: 'actions',
      elements: [
        { action_id: SLACK_ACTIONS.helpful, value: 'c1:m1' },
        { action_id: SLACK_ACTIONS.notHelpful, value: 'c1:m1' },
        { action_id: SLACK_ACTIONS.askHuman, value: 'c1:m1' },
      ],
    });
  });

  it('puts Yes / No buttons for the message under an answer that asks to confirm an action', () => {
    const blocks = renderMessageBlocks({
      ...answer,
      content: 'Please confirm: restart device (device id DEV-1234). Reply "yes" to go ahead, or "no" to leave it.',
      metadata: { confidence: 1, citations: [], confirmation: { action: 'restart_device', arguments: {} } },
    });
    const confirm = blocks.find((block) => block.type === 'actions' && block.block_id === 'sb_confirm_m1');
    expect(confirm).toMatchObject({
      elements: [
        { type: 'button', action_id: SLACK_ACTIONS.confirmYes, text: { text: 'Yes' }, value: 'c1:m1' },
        { type: 'button', action_id: SLACK_ACTIONS.confirmNo, text: { text: 'No' }, value: 'c1:m1' },
      ],
    });
    expect(parseMessageActionValue('c1:m1')).toEqual({ conversationId: 'c1', messageId: 'm1' });
    expect(renderMessageBlocks(answer).some((block) => block.block_id === 'sb_confirm_m1')).toBe(false);
  });

  it('renders a notice or an agent reply as text only, quoting the question of /ask', () => {
    const blocks = renderMessageBlocks(
      {
        id: 'm2',
        conversationId: 'c1',
        content: 'A colleague will answer.',
        kind: 'handoff',
        metadata: { reason: 'customer_asked', ticketId: 't1', collectEmail: false },
      },
      { question: 'Where is <my> order?' },
    );
    expect(blocks).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: '> Where is &lt;my&gt; order?' }] },
      { type: 'section', text: { type: 'mrkdwn', text: 'A colleague will answer.' } },
    ]);
  });

  it('splits text longer than a section allows', () => {
    const blocks = renderMessageBlocks({
      id: 'm3',
      conversationId: 'c1',
      content: 'x'.repeat(6500),
      kind: 'message',
      metadata: {},
    });
    expect(blocks.map((block) => block.type)).toEqual(['section', 'section', 'section']);
  });

  it('labels confidence and reads button values back', () => {
    expect(confidenceLabel(0.9)).toBe('High confidence');
    expect(confidenceLabel(0.6)).toBe('Medium confidence');
    expect(confidenceLabel(0.2)).toBe('Low confidence');
    expect(confidenceLabel(undefined)).toBeNull();
    expect(parseMessageActionValue('c1:m1')).toEqual({ conversationId: 'c1', messageId: 'm1' });
    expect(parseMessageActionValue('bad')).toBeNull();
    expect(slackCitationsOf({ citations: [{ title: 'T' }, 'junk'] })).toEqual([{ index: 0, title: 'T', url: null }]);
    expect(toMrkdwn('## Title\n& more')).toBe('*Title*\n&amp; more');
  });

  it("puts 1-5 rating buttons, and no answer buttons, under the bot's rating request", () => {
    const request: RenderableMessage = {
      id: 'm9',
      conversationId: 'c1',
      content: 'How did we do?',
      kind: 'message',
      metadata: { csatRequest: { agentId: null } },
    };
    const blocks = renderMessageBlocks(request);
    const actions = blocks.filter((block) => block.type === 'actions');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ block_id: 'sb_csat_m9' });
    const elements = (actions[0] as { elements: Array<{ action_id: string; value: string }> }).elements;
    expect(elements.map((element) => element.action_id)).toEqual([
      'sb_csat_1',
      'sb_csat_2',
      'sb_csat_3',
      'sb_csat_4',
      'sb_csat_5',
    ]);
    expect(new Set(elements.map((element) => element.value))).toEqual(new Set(['c1:m9']));
  });

  it('reads the score of a rating button and nothing else', () => {
    expect(csatScoreOf('sb_csat_1')).toBe(1);
    expect(csatScoreOf('sb_csat_5')).toBe(5);
    expect(csatScoreOf('sb_csat_6')).toBeNull();
    expect(csatScoreOf('sb_csat_')).toBeNull();
    expect(csatScoreOf(SLACK_ACTIONS.helpful)).toBeNull();
  });
});
