/** Runs async tasks one at a time in submission order; a failing task does not stop the ones behind it. */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Tasks submitted and not yet settled (including the running one). */
  get size(): number {
    return this.waiting;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task).finally(() => {
      this.waiting--;
    });
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

const queues = new Map<string, SerialQueue>();

/** One queue per key for the whole process, so two store instances on one table still write in turn. */
export function sharedSerialQueue(key: string): SerialQueue {
  let queue = queues.get(key);
  if (!queue) {
    queue = new SerialQueue();
    queues.set(key, queue);
  }
  return queue;
}
