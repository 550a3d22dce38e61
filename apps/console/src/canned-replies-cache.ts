import type { CannedReply } from '@switchboard/contracts';

/** The workspace's canned replies, loaded once and shared by every reply box until invalidated. */
export class CannedRepliesCache {
  private pending: Promise<CannedReply[]> | null = null;

  constructor(private readonly load: () => Promise<CannedReply[]>) {}

  get(): Promise<CannedReply[]> {
    if (!this.pending) {
      this.pending = this.load().catch((error: unknown) => {
        this.pending = null;
        throw error;
      });
    }
    return this.pending;
  }

  invalidate(): void {
    this.pending = null;
  }
}
