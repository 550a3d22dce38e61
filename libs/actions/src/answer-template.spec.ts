import { answerTemplateProblems, renderAnswerTemplate } from './answer-template';

const ORDER = {
  order_number: 'NW-12705',
  status: 'shipped',
  carrier: 'UPS',
  tracking_number: null,
  lines: [{ item: 'Adult helmet' }, { item: 'Lock' }],
  tags: ['gift', 'express'],
  total: 49.5,
  paid: true,
};

describe('renderAnswerTemplate', () => {
  it('fills dotted paths and array indexes from the response, as plain text with nothing escaped', () => {
    const rendered = renderAnswerTemplate(
      'Order {{order_number}} is {{ status }} with {{carrier}} <b>&</b>: {{lines.1.item}}, {{total}}, {{paid}}.',
      ORDER,
    );
    expect(rendered).toEqual({ text: 'Order NW-12705 is shipped with UPS <b>&</b>: Lock, 49.5, true.', missing: [] });
  });

  it('renders absent and null fields as empty, and reports each once', () => {
    const rendered = renderAnswerTemplate('Tracking: {{tracking_number}} {{eta}} {{lines.5.item}} {{eta}}', ORDER);
    expect(rendered).toEqual({ text: 'Tracking:    ', missing: ['tracking_number', 'eta', 'lines.5.item'] });
  });

  it('lists arrays of plain values and writes objects as JSON', () => {
    expect(renderAnswerTemplate('{{tags}} / {{lines.0}}', ORDER).text).toBe('gift, express / {"item":"Adult helmet"}');
  });

  it('reads nothing from a response that is not an object', () => {
    expect(renderAnswerTemplate('Status: {{status}}', 'shipped')).toEqual({ text: 'Status: ', missing: ['status'] });
  });
});

describe('answerTemplateProblems', () => {
  it('accepts dotted paths, and text without fields', () => {
    expect(answerTemplateProblems('Order {{ order.status }} ({{lines.0.item}})')).toEqual([]);
    expect(answerTemplateProblems('Done.')).toEqual([]);
  });

  it('refuses fields that are not paths and unbalanced braces', () => {
    expect(answerTemplateProblems('{{ status | upper }} {{}}')).toEqual([
      'answerTemplate field {{status | upper}} must be a dotted path such as order.status',
      'answerTemplate field {{}} must be a dotted path such as order.status',
    ]);
    expect(answerTemplateProblems('Status {{status')).toEqual(['answerTemplate has an unclosed {{ or a stray }}']);
  });
});
