import {
  ALL_JOB_NAMES,
  ALL_QUEUE_NAMES,
  JOB_QUEUE,
  QUEUE_JOB_DEFAULTS,
  isJobName,
  isQueueName,
} from './queue.contract';

describe('queue contract', () => {
  it('maps every job name to a known queue', () => {
    expect(ALL_JOB_NAMES.length).toBeGreaterThan(0);
    for (const name of ALL_JOB_NAMES) {
      expect(ALL_QUEUE_NAMES).toContain(JOB_QUEUE[name]);
    }
  });

  it('prefixes each job name with its queue', () => {
    for (const name of ALL_JOB_NAMES) {
      expect(name.startsWith(`${JOB_QUEUE[name]}.`)).toBe(true);
    }
  });

  it('gives every queue retrying defaults that keep completed jobs for at least 24 hours', () => {
    for (const queue of ALL_QUEUE_NAMES) {
      const defaults = QUEUE_JOB_DEFAULTS[queue];
      expect(defaults.attempts).toBeGreaterThan(1);
      expect(defaults.backoff.type).toBe('retry-hint');
      expect(defaults.removeOnComplete.age).toBeGreaterThanOrEqual(24 * 60 * 60);
    }
  });

  it('recognises job and queue names at run time', () => {
    expect(isJobName('knowledge.sync-source')).toBe(true);
    expect(isJobName('knowledge.unknown')).toBe(false);
    expect(isJobName('toString')).toBe(false);
    expect(isQueueName('outbound')).toBe(true);
    expect(isQueueName('email')).toBe(false);
  });
});
