import { RecurringJobScheduler } from './recurring-job.scheduler';

/** A producer whose Redis refuses the first `failures` calls. */
function producerFailing(failures: number) {
  const calls: string[] = [];
  let left = failures;
  const call = (what: string) => async () => {
    calls.push(what);
    if (left-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  };
  return { calls, schedule: jest.fn(call('schedule')), unschedule: jest.fn(call('unschedule')) };
}

describe('RecurringJobScheduler', () => {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };

  beforeEach(() => {
    jest.useFakeTimers();
    warnings.length = 0;
  });
  afterEach(() => jest.useRealTimers());

  it('sets the scheduler once when Redis takes it', async () => {
    const producer = producerFailing(0);
    await new RecurringJobScheduler(producer, logger, 1_000).keep(
      'privacy.apply-retention',
      'privacy:retention',
      60_000,
      {},
    );

    expect(producer.schedule).toHaveBeenCalledWith('privacy.apply-retention', 'privacy:retention', 60_000, {});
    await jest.advanceTimersByTimeAsync(5_000);
    expect(producer.calls).toEqual(['schedule']);
    expect(warnings).toEqual([]);
  });

  it('tries again while Redis refuses, and stops once it took the scheduler', async () => {
    const producer = producerFailing(2);
    await new RecurringJobScheduler(producer, logger, 1_000).keep('csat.ask-idle', 'csat:ask-idle', 60_000, {});
    expect(producer.calls).toEqual(['schedule']);

    await jest.advanceTimersByTimeAsync(1_000);
    expect(producer.calls).toEqual(['schedule', 'schedule']);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(producer.calls).toEqual(['schedule', 'schedule', 'schedule']);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(producer.calls).toHaveLength(3);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('could not schedule csat.ask-idle (connect ECONNREFUSED');
  });

  it('removes the scheduler when the job is switched off, with the same retries', async () => {
    const producer = producerFailing(1);
    await new RecurringJobScheduler(producer, logger, 1_000).keep('csat.ask-idle', 'csat:ask-idle', null, {});
    await jest.advanceTimersByTimeAsync(1_000);

    expect(producer.unschedule).toHaveBeenCalledTimes(2);
    expect(producer.schedule).not.toHaveBeenCalled();
  });

  it('stops trying once stopped (the worker shuts down)', async () => {
    const producer = producerFailing(5);
    const scheduler = new RecurringJobScheduler(producer, logger, 1_000);
    await scheduler.keep('csat.ask-idle', 'csat:ask-idle', 60_000, {});
    scheduler.stop();

    await jest.advanceTimersByTimeAsync(10_000);
    expect(producer.calls).toEqual(['schedule']);
  });
});
