import { ChannelAdapter } from './channel-adapter';
import { ChannelRegistry, UnsupportedChannelError } from './channel.registry';

function adapter(channel: ChannelAdapter['channel']): ChannelAdapter {
  return {
    channel,
    capabilities: {
      streaming: false,
      threads: true,
      richButtons: false,
      typingIndicator: false,
      realtime: false,
      internalKnowledge: false,
    },
    send: () => Promise.resolve({}),
  };
}

describe('ChannelRegistry', () => {
  it("resolves an inbox's adapter by its channel type", () => {
    const slack = adapter('slack');
    const registry = new ChannelRegistry([adapter('widget'), slack]);
    expect(registry.forInbox({ channel: 'slack' })).toBe(slack);
    expect(() => registry.get('email')).toThrow(UnsupportedChannelError);
  });

  it('refuses two adapters for one channel', () => {
    expect(() => new ChannelRegistry([adapter('widget'), adapter('widget')])).toThrow('Two adapters');
  });
});
