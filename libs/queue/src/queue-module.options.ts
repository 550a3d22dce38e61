export interface QueueModuleOptions {
  /** Run the outbox relay in this process (the worker does; the api does not). */
  relay: boolean;
}

export const QUEUE_MODULE_OPTIONS = Symbol('QUEUE_MODULE_OPTIONS');
