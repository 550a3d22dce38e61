import { Inject, Injectable } from '@nestjs/common';
import { webApi } from '@slack/bolt';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { SlackApiError, SlackPostMessage, SlackRetryableError, SlackWebApi } from './slack-web-api';

// Slack's own limit is 3 s for interactive responses; a Web API call that takes longer is retried by the queue.
const CALL_TIMEOUT_MS = 10_000;

/** Builds a Slack Web API client per call from an inbox's bot token: no tenant secret lives on a singleton. */
@Injectable()
export class SlackWebApiFactory {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  forToken(botToken: string): SlackWebApi {
    return new WebClientSlackWebApi(
      new webApi.WebClient(botToken, {
        slackApiUrl: this.config.slack.apiUrl,
        // Retries belong to the outbound queue (it survives restarts); the client fails fast, 429s included.
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: CALL_TIMEOUT_MS,
        logLevel: webApi.LogLevel.ERROR,
      }),
    );
  }
}

/** The SlackWebApi port over @slack/web-api's WebClient, with its errors mapped to the port's. */
export class WebClientSlackWebApi implements SlackWebApi {
  constructor(private readonly client: webApi.WebClient) {}

  async postMessage(input: SlackPostMessage): Promise<{ ts: string; channel: string }> {
    const result = await this.call(() =>
      this.client.chat.postMessage({
        channel: input.channel,
        text: input.text,
        ...(input.blocks ? { blocks: input.blocks } : {}),
        ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
        unfurl_links: false,
      }),
    );
    return { ts: result.ts ?? '', channel: result.channel ?? input.channel };
  }

  async updateMessage(input: SlackPostMessage & { ts: string }): Promise<void> {
    await this.call(() =>
      this.client.chat.update({
        channel: input.channel,
        ts: input.ts,
        text: input.text,
        ...(input.blocks ? { blocks: input.blocks } : {}),
      }),
    );
  }

  async postEphemeral(input: { channel: string; user: string; text: string; threadTs?: string }): Promise<void> {
    await this.call(() =>
      this.client.chat.postEphemeral({
        channel: input.channel,
        user: input.user,
        text: input.text,
        ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
      }),
    );
  }

  async userEmail(user: string): Promise<string | null> {
    const result = await this.call(() => this.client.users.info({ user }));
    return result.user?.profile?.email ?? null;
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toPortError(error);
    }
  }
}

/** Maps WebClient errors: rate limits and server or network failures are retryable, `ok: false` is not. */
export function toPortError(error: unknown): Error {
  if (!(error instanceof Error) || !('code' in error)) return error instanceof Error ? error : new Error(String(error));
  const coded = error as Error & { code: unknown; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (coded.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new SlackRetryableError('Slack rate limit (429)', coded.retryAfter ?? null);
    case webApi.ErrorCode.PlatformError:
      return new SlackApiError(coded.data?.error ?? 'unknown_error');
    case webApi.ErrorCode.HTTPError:
      return new SlackRetryableError(`Slack HTTP ${coded.statusCode ?? 'error'}`);
    case webApi.ErrorCode.RequestError:
      return new SlackRetryableError(`Slack request failed: ${coded.message}`);
    default:
      return coded;
  }
}
