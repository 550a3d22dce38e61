import { csatReportOf, summarize } from './csat-summary';

describe('CSAT summaries', () => {
  it('counts, averages to two decimals and distributes the scores', () => {
    expect(
      summarize([
        { score: 5, count: 2 },
        { score: 4, count: 1 },
      ]),
    ).toEqual({ count: 3, average: 4.67, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 2 } });
  });

  it('has a null average without ratings', () => {
    expect(summarize([])).toEqual({
      count: 0,
      average: null,
      distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    });
  });

  it('reports the bot (no agent) apart from each agent, agents most rated first, with their names', () => {
    const alice = '11111111-1111-4111-8111-111111111111';
    const bob = '22222222-2222-4222-8222-222222222222';
    const report = csatReportOf(
      30,
      [
        { agentId: null, score: 3, count: 1 },
        { agentId: alice, score: 5, count: 1 },
        { agentId: bob, score: 2, count: 1 },
        { agentId: bob, score: 4, count: 1 },
      ],
      new Map([[bob, 'Bob']]),
    );
    expect(report.overall).toMatchObject({ count: 4, average: 3.5 });
    expect(report.bot).toMatchObject({ count: 1, average: 3 });
    expect(report.agents.map(({ agentId, name, count, average }) => ({ agentId, name, count, average }))).toEqual([
      { agentId: bob, name: 'Bob', count: 2, average: 3 },
      { agentId: alice, name: null, count: 1, average: 5 },
    ]);
  });
});
