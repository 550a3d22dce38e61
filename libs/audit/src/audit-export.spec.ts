import type { AuditEventView } from '@switchboard/contracts';
import { auditExportLines } from './audit-export';

const EVENT: AuditEventView = {
  id: 'e1',
  occurredAt: '2026-12-06T10:00:00.000Z',
  actor: { type: 'agent', id: 'a1', display: '=HYPERLINK("http://evil"), "Ana"' },
  ip: '203.0.113.4',
  action: 'team.updated',
  target: { type: 'team', id: 't1' },
  diff: { name: { before: 'Payments', after: 'Billing, EU' } },
};

async function collect(format: 'csv' | 'jsonl'): Promise<string> {
  async function* events() {
    yield EVENT;
    yield { ...EVENT, id: 'e2', ip: null, target: { type: 'workspace', id: null } };
  }
  let text = '';
  for await (const line of auditExportLines(events(), format)) text += line;
  return text;
}

describe('auditExportLines', () => {
  it('writes CSV with a header, RFC 4180 quoting, empty cells for nulls and formulas defused', async () => {
    const rows = (await collect('csv')).split('\r\n');
    expect(rows[0]).toBe('id,occurredAt,actorType,actorId,actorDisplay,ip,action,targetType,targetId,diff');
    expect(rows[1]).toBe(
      'e1,2026-12-06T10:00:00.000Z,agent,a1,"\'=HYPERLINK(""http://evil""), ""Ana""",203.0.113.4,team.updated,team,t1,' +
        '"{""name"":{""before"":""Payments"",""after"":""Billing, EU""}}"',
    );
    expect(rows[2]).toMatch(/^e2,.*,,team\.updated,workspace,,/);
    expect(rows[3]).toBe('');
  });

  it('writes one JSON object per line', async () => {
    const lines = (await collect('jsonl')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      EVENT,
      { ...EVENT, id: 'e2', ip: null, target: { type: 'workspace', id: null } },
    ]);
  });
});
