import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Redis } from 'ioredis';
import { RealtimeEvent, RealtimeListener, Unsubscribe } from './realtime-event';

/**
 * Fans conversation and workspace events out through Redis pub/sub, so any api process can serve any live
 * client. One publisher and one subscriber connection per process; local listeners share the subscription.
 */
@Injectable()
export class ConversationEventsBus implements OnModuleDestroy {
  private readonly logger = new Logger(ConversationEventsBus.name);
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly listeners = new Map<string, Set<RealtimeListener>>();
  private readonly subscriptions = new Map<string, Promise<void>>();
  private connecting: Promise<void> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.prefix = `${config.queue.prefix}:rt`;
    // Auto-pipelining: live tokens of many conversations go out in one write per tick.
    this.publisher = new Redis(config.redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
    });
    // No ready check: its INFO would race SUBSCRIBE commands sent while connecting, which Redis then refuses.
    this.subscriber = new Redis(config.redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableReadyCheck: false,
    });
    this.publisher.on('error', (error: Error) => this.logger.warn(`redis publisher: ${error.message}`));
    this.subscriber.on('error', (error: Error) => this.logger.warn(`redis subscriber: ${error.message}`));
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
    await this.publisher.publish(this.conversationChannel(workspaceId, conversationId), JSON.stringify(event));
  }

  /** To the workspace's agents (the console's queue and open conversations). */
  async publishToWorkspace(workspaceId: string, event: RealtimeEvent): Promise<void> {
    await this.publisher.publish(this.workspaceChannel(workspaceId), JSON.stringify(event));
  }

  /** Resolves once Redis confirmed the subscription, so nothing published afterwards is missed. */
  subscribe(workspaceId: string, conversationId: string, listener: RealtimeListener): Promise<Unsubscribe> {
    return this.listen(this.conversationChannel(workspaceId, conversationId), listener);
  }

  subscribeWorkspace(workspaceId: string, listener: RealtimeListener): Promise<Unsubscribe> {
    return this.listen(this.workspaceChannel(workspaceId), listener);
  }

  async onModuleDestroy(): Promise<void> {
    this.listeners.clear();
    await Promise.all([close(this.publisher), close(this.subscriber)]);
  }

  private async listen(channel: string, listener: RealtimeListener): Promise<Unsubscribe> {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    let subscription = this.subscriptions.get(channel);
    if (!subscription) {
      subscription = this.connected().then(() => this.subscriber.subscribe(channel).then(() => undefined));
      this.subscriptions.set(channel, subscription);
    }
    try {
      await subscription;
    } catch (error) {
      this.subscriptions.delete(channel);
      set.delete(listener);
      throw error;
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

  /** One connect for every first subscription: many streams opening at once on a fresh process share it. */
  private connected(): Promise<void> {
    if (this.subscriber.status !== 'wait') return Promise.resolve();
    this.connecting ??= this.subscriber.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
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
        listener(event);
      } catch (error) {
        this.logger.warn(`a realtime listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
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
