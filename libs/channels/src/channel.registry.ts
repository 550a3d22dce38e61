import { Inject, Injectable } from '@nestjs/common';
import type { ChannelType, Inbox } from '@switchboard/database';
import { CHANNEL_ADAPTERS, ChannelAdapter } from './channel-adapter';

export class UnsupportedChannelError extends Error {
  constructor(readonly channel: string) {
    super(`No adapter for channel ${channel}`);
    this.name = 'UnsupportedChannelError';
  }
}

/** Resolves the adapter of an inbox by its channel type, so services never switch on the channel. */
@Injectable()
export class ChannelRegistry {
  private readonly adapters = new Map<ChannelType, ChannelAdapter>();

  constructor(@Inject(CHANNEL_ADAPTERS) adapters: ChannelAdapter[]) {
    for (const adapter of adapters) {
      if (this.adapters.has(adapter.channel)) throw new Error(`Two adapters for channel ${adapter.channel}`);
      this.adapters.set(adapter.channel, adapter);
    }
  }

  get(channel: ChannelType): ChannelAdapter {
    const adapter = this.adapters.get(channel);
    if (!adapter) throw new UnsupportedChannelError(channel);
    return adapter;
  }

  forInbox(inbox: Pick<Inbox, 'channel'>): ChannelAdapter {
    return this.get(inbox.channel);
  }

  has(channel: ChannelType): boolean {
    return this.adapters.has(channel);
  }
}
