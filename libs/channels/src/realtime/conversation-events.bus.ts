import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { RedisUnavailableError, createRequestRedis, redisReady } from '@switchboard/queue';
import { Redis } from 'ioredis';
import { RealtimeEvent, RealtimeListener, SubscribeOptions, Unsubscribe } from './realtime-event';

interface LocalListener {
  onEvent: RealtimeListener;
  onResumed?: () => void;
}

/**
 * Fans conversation and workspace events out through Redis pub/sub, so any api process can serve any live
 * client. One publisher and one subscriber connection per process; local listeners share the subscription.
 * While Redis is down, publishing and new subscriptions fail at once (RedisUnavailableError); open subscriptions
 * stay, are renewed when Redis is back, and their `onResumed` tells the client to catch up on what it missed.
 */
@Injectable()
export class ConversationEventsBus implements OnModuleDestroy {
  private readonly logger = new Logger(ConversationEventsBus.name);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly listeners = new Map<string, Set<LocalListener>>();
  private readonly subscriptions = new Map<string, Promise<void>>();
  /** Set when the subscriber lost a working connection: its subscriptions are gone until renewed. */
  private subscriberLost = false;
  private publisherLost = false;
  private closing = false;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queue.prefix}:rt`;
    // Auto-pipelining: live tokens of many conversations go out in one write per tick.
    this.publisher = createRequestRedis(config.redis.url, { enableAutoPipelining: true });
    // No ready check: its INFO would race SUBSCRIBE commands sent while connecting, which Redis then refuses.
    // Subscriptions are renewed here after a reconnect (not by ioredis), so their listeners learn of the gap.
    this.subscriber = createRequestRedis(config.redis.url, { enableReadyCheck: false, autoResubscribe: false });
    // Reconnect attempts fail every few seconds during an outage: report the outage and the return, once each.
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.publisher.on('close', () => this.onPublisherClosed());
    this.publisher.on('ready', () => this.onPublisherReady());
    this.subscriber.on('close', () => this.onSubscriberClosed());
    this.subscriber.on('ready', () => this.onSubscriberReady());
    this.subscriber.on('message', (channel: string, raw: string) => this.dispatch(channel, raw));
  }

  conversationChannel(workspaceId: string, conversationId: string): string {
    return `${this.prefix}:conversation:${workspaceId}:${conversationId}`;
  }

  workspaceChannel(workspaceId: string): string {
    return `${this.prefix}:workspace:${workspaceId}`;
  }

  /** To the live clients of one conversation (the widget): only what the customer may see. */
  async publish(workspaceId: string, conversationId: string, event: RealtimeEvent): Promise<void> {
    await this.send(this.conversationChannel(workspaceId, conversationId), event);
  }

  /** To the workspace's agents (the console's queue and open conversations). */
  async publishToWorkspace(workspaceId: string, event: RealtimeEvent): Promise<void> {
    await this.send(this.workspaceChannel(workspaceId), event);
  }

  /** Whether events can go out now (connecting first if need be): live delivery works only while this holds. */
  async available(): Promise<boolean> {
    try {
      await redisReady(this.publisher);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Resolves once Redis confirmed the subscription, so nothing published afterwards is missed. Throws
   * RedisUnavailableError while Redis is down.
   */
  subscribe(
    workspaceId: string,
    conversationId: string,
    listener: RealtimeListener,
    options: SubscribeOptions = {},
  ): Promise<Unsubscribe> {
    return this.listen(this.conversationChannel(workspaceId, conversationId), { onEvent: listener, ...options });
  }

  subscribeWorkspace(
    workspaceId: string,
    listener: RealtimeListener,
    options: SubscribeOptions = {},
  ): Promise<Unsubscribe> {
    return this.listen(this.workspaceChannel(workspaceId), { onEvent: listener, ...options });
  }

  async onModuleDestroy(): Promise<void> {
    // Closing is not an outage: nothing to report or renew.
    this.closing = true;
    this.listeners.clear();
    await Promise.all([close(this.publisher), close(this.subscriber)]);
  }

  private async send(channel: string, event: RealtimeEvent): Promise<void> {
    await redisReady(this.publisher);
    await this.publisher.publish(channel, JSON.stringify(event));
  }

  private async listen(channel: string, listener: LocalListener): Promise<Unsubscribe> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      subscription = this.subscribeChannel(channel);
      this.subscriptions.set(channel, subscription);
    }
    try {
      await subscription;
    } catch (error) {
      if (this.subscriptions.get(channel) === subscription) this.subscriptions.delete(channel);
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) this.listeners.delete(channel);
      throw error instanceof RedisUnavailableError
        ? error
        : new RedisUnavailableError(`could not subscribe to live events`, { cause: error });
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      const current = this.listeners.get(channel);
      current?.delete(listener);
      if (current && current.size === 0) {
        this.listeners.delete(channel);
        this.subscriptions.delete(channel);
        if (this.subscriber.status === 'ready') await this.subscriber.unsubscribe(channel);
      }
    };
  }

  private async subscribeChannel(channel: string): Promise<void> {
    await redisReady(this.subscriber);
    await this.subscriber.subscribe(channel);
  }

  private onSubscriberClosed(): void {
    // Reconnect attempts close too: report once, and only when some listener has something to lose.
    if (this.closing || this.subscriberLost || this.listeners.size === 0) return;
    this.subscriberLost = true;
    this.subscriptions.clear();
    this.logger.warn('Redis unavailable: live events pause until it returns');
  }

  /** Renews every channel that still has listeners, then tells them to catch up on what was published meanwhile. */
  private onSubscriberReady(): void {
    if (!this.subscriberLost) return;
    this.subscriberLost = false;
    const channels = [...this.listeners.keys()];
    for (const channel of channels) {
      const subscription = this.subscribeChannel(channel);
      this.subscriptions.set(channel, subscription);
      subscription.then(
        () => this.resumed(channel),
        (error: unknown) => {
          if (this.subscriptions.get(channel) === subscription) this.subscriptions.delete(channel);
          this.logger.warn(`could not renew the live subscription ${channel}: ${describe(error)}`);
        },
      );
    }
    this.logger.log(`Redis is back: renewing ${channels.length} live subscriptions`);
  }

  private resumed(channel: string): void {
    const set = this.listeners.get(channel);
    if (!set) {
      // Every listener left while the subscription was being renewed.
      this.subscriptions.delete(channel);
      if (this.subscriber.status === 'ready') this.subscriber.unsubscribe(channel).catch(() => undefined);
      return;
    }
    for (const listener of [...set]) {
      try {
        listener.onResumed?.();
      } catch (error) {
        this.logger.warn(`a realtime listener failed to resume: ${describe(error)}`);
      }
    }
  }

  private onPublisherClosed(): void {
    if (this.closing || this.publisherLost) return;
    this.publisherLost = true;
    this.logger.warn('Redis unavailable: live events cannot be published until it returns');
  }

  private onPublisherReady(): void {
    if (!this.publisherLost) return;
    this.publisherLost = false;
    this.logger.log('Redis is back: live events are published again');
  }

  private dispatch(channel: string, raw: string): void {
    const set = this.listeners.get(channel);
    if (!set || set.size === 0) return;
    let event: RealtimeEvent;
    try {
      event = JSON.parse(raw) as RealtimeEvent;
    } catch {
      this.logger.warn(`dropped an unreadable event on ${channel}`);
      return;
    }
    for (const listener of [...set]) {
      try {
        listener.onEvent(event);
      } catch (error) {
        this.logger.warn(`a realtime listener failed: ${describe(error)}`);
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function close(client: Redis): Promise<void> {
  if (client.status === 'wait' || client.status === 'end') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
