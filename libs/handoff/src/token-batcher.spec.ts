import { TokenBatcher } from './token-batcher';

describe('TokenBatcher', () => {
  it('sends the first token at once and holds the next ones until the interval has passed', () => {
    const batcher = new TokenBatcher(40);
    expect(batcher.add('You ', 1000)).toBe('You ');
    expect(batcher.add('can ', 1010)).toBeNull();
    expect(batcher.add('pause ', 1039)).toBeNull();
    expect(batcher.add('it ', 1040)).toBe('can pause it ');
    expect(batcher.add('for ', 1050)).toBeNull();
    expect(batcher.drain()).toBe('for ');
    expect(batcher.drain()).toBeNull();
  });

  it('drops what it holds when the stream is reset', () => {
    const batcher = new TokenBatcher(40);
    batcher.add('a ', 0);
    batcher.add('b ', 1);
    batcher.clear();
    expect(batcher.drain()).toBeNull();
  });
});
