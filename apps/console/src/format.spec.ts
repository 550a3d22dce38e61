import {
  activityText,
  assigneeText,
  ticketStateLabel,
  authorLabel,
  channelLabel,
  contactLabel,
  firstLine,
  formatClock,
  formatConfidence,
  formatDurationSeconds,
  formatPercent,
  formatWaiting,
  ownerLabel,
  reasonLabel,
  statusLabel,
  attachmentsOf,
  formatBytes,
} from './format';

describe('reasonLabel', () => {
  it.each([
    ['low_confidence', 'Bot unsure'],
    ['customer_asked', 'Customer asked for a person'],
    ['negative_feedback', 'Negative feedback'],
    ['llm_failure', 'Model failure'],
    ['policy', 'Policy'],
  ])('labels %s as "%s"', (reason, label) => {
    expect(reasonLabel(reason)).toBe(label);
  });

  it('humanises a reason it does not know instead of hiding it', () => {
    expect(reasonLabel('vip_customer')).toBe('Vip customer');
  });
});

describe('activityText', () => {
  it('shows a handoff line with the reason label, even one stored with the raw code', () => {
    const stored = {
      content: 'Handed off to a person: low_confidence',
      metadata: { event: 'handoff', reason: 'low_confidence' },
    };
    expect(activityText(stored)).toBe('Handed off to a person: Bot unsure');
    expect(activityText({ content: 'Ana handed back to bot', metadata: { resolution: 'handed_back' } })).toBe(
      'Ana handed back to bot',
    );
  });
});

describe('ticket state after a hand-back', () => {
  const ana = { id: 'a1', name: 'Ana' };
  it('labels a handed-back ticket as such, not as a plain "Resolved"', () => {
    expect(ticketStateLabel({ status: 'resolved', resolution: 'handed_back' })).toBe('Handed back to bot');
    expect(ticketStateLabel({ status: 'resolved', resolution: 'resolved' })).toBe('Resolved');
    expect(ticketStateLabel({ status: 'resolved', resolution: null })).toBe('Resolved');
    expect(ticketStateLabel({ status: 'assigned', resolution: null })).toBe('Assigned');
  });

  it('says who closed a ticket instead of "Assigned to you"', () => {
    expect(assigneeText({ status: 'resolved', resolution: 'handed_back', assignee: ana }, 'a1')).toBe(
      'Handed back by you',
    );
    expect(assigneeText({ status: 'resolved', resolution: 'resolved', assignee: ana }, 'b2')).toBe('Resolved by Ana');
    expect(assigneeText({ status: 'assigned', resolution: null, assignee: ana }, 'a1')).toBe('Assigned to you');
    expect(assigneeText({ status: 'assigned', resolution: null, assignee: ana }, null)).toBe('Ana');
    expect(assigneeText({ status: 'open', resolution: null, assignee: null }, 'a1')).toBe('Unassigned');
  });
});

describe('contactLabel', () => {
  it('prefers the name, then the e-mail, then "Visitor"', () => {
    expect(contactLabel({ name: 'Jane Doe', email: 'jane@example.com' })).toBe('Jane Doe');
    expect(contactLabel({ name: '  ', email: 'jane@example.com' })).toBe('jane@example.com');
    expect(contactLabel({ name: null, email: null })).toBe('Visitor');
    expect(contactLabel(null)).toBe('Visitor');
  });
});

describe('authorLabel', () => {
  const contact = { name: 'Jane', email: null };
  it('names each author the way an agent reads a transcript', () => {
    expect(authorLabel({ author: 'contact', agentName: null }, contact)).toBe('Jane');
    expect(authorLabel({ author: 'bot', agentName: null }, contact)).toBe('Bot');
    expect(authorLabel({ author: 'agent', agentName: 'Ana' }, contact)).toBe('Ana');
    expect(authorLabel({ author: 'agent', agentName: null }, contact)).toBe('Agent');
    expect(authorLabel({ author: 'system', agentName: null }, contact)).toBe('System');
  });
});

describe('formatWaiting', () => {
  it.each([
    [0, '< 1 min'],
    [59_000, '< 1 min'],
    [5 * 60_000, '5 min'],
    [59 * 60_000 + 59_000, '59 min'],
    [60 * 60_000, '1 h'],
    [125 * 60_000, '2 h 5 min'],
    [24 * 3_600_000, '1 d'],
    [(3 * 24 + 4) * 3_600_000 + 30 * 60_000, '3 d 4 h'],
    [-10_000, '< 1 min'],
  ])('shows %d ms as "%s"', (ms, text) => {
    expect(formatWaiting(ms)).toBe(text);
  });
});

describe('formatDurationSeconds', () => {
  it.each([
    [45, '45 s'],
    [59.6, '1 min'],
    [250, '4 min 10 s'],
    [3900, '1 h 5 min'],
    [2 * 86_400 + 3 * 3600, '2 d 3 h'],
  ])('shows %d s as "%s"', (seconds, text) => {
    expect(formatDurationSeconds(seconds)).toBe(text);
  });

  it('shows a dash when there is nothing to measure', () => {
    expect(formatDurationSeconds(null)).toBe('—');
    expect(formatDurationSeconds(Number.NaN)).toBe('—');
  });
});

describe('formatPercent', () => {
  it('shows a 0..1 rate as a percentage with at most one decimal', () => {
    expect(formatPercent(0.42)).toBe('42%');
    expect(formatPercent(0.4236)).toBe('42.4%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatConfidence', () => {
  it('shows two decimals', () => {
    expect(formatConfidence(0.4213)).toBe('confidence 0.42');
    expect(formatConfidence(1)).toBe('confidence 1.00');
  });
});

describe('firstLine', () => {
  it('takes the first non-empty line, trimmed', () => {
    expect(firstLine('\n  Refund for order 123  \nSecond line')).toBe('Refund for order 123');
    expect(firstLine(null)).toBe('');
  });

  it('cuts long lines with an ellipsis', () => {
    const text = firstLine('a'.repeat(200), 10);
    expect(text).toHaveLength(10);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('formatClock', () => {
  const options = { locale: 'en-GB', timeZone: 'UTC' };
  it('shows only the time for today and adds the date on other days', () => {
    const now = new Date('2024-05-10T15:00:00Z');
    expect(formatClock('2024-05-10T09:05:00Z', now, options)).toBe('09:05');
    expect(formatClock('2024-05-08T09:05:00Z', now, options)).toBe('8 May, 09:05');
  });

  it('gives nothing for an unreadable date', () => {
    expect(formatClock('not a date', new Date(), options)).toBe('');
  });
});

describe('other labels', () => {
  it('labels statuses, owners and channels', () => {
    expect(statusLabel('pending')).toBe('Pending');
    expect(ownerLabel('queued')).toBe('Waiting for an agent');
    expect(channelLabel('widget')).toBe('Web chat');
    expect(channelLabel('email')).toBe('E-mail');
    expect(channelLabel('sms')).toBe('Sms');
  });
});

describe('attachments', () => {
  it('lists well-formed attachments and says which were kept', () => {
    expect(
      attachmentsOf({
        attachments: [
          { name: 'invoice.pdf', size: 14_336, blobKey: 'k1' },
          { name: 'huge.zip', size: 40 * 1024 * 1024 },
          { size: 3 },
          'junk',
        ],
      }),
    ).toEqual([
      { name: 'invoice.pdf', size: 14_336, stored: true },
      { name: 'huge.zip', size: 40 * 1024 * 1024, stored: false },
    ]);
    expect(attachmentsOf({})).toEqual([]);
  });

  it('formats sizes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(14_336)).toBe('14 KB');
    expect(formatBytes(2.3 * 1024 * 1024)).toBe('2.3 MB');
  });
});
