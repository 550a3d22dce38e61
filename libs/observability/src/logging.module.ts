import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@switchboard/config';
import { Logger, LoggerModule, Params } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent, SerializedRequest } from 'pino';
import type { Options } from 'pino-http';
import { REDACTED, redactPaths } from './redact';
import { REQUEST_ID_HEADER, resolveRequestId } from './request-id';

export interface LoggingOptions {
  /** Where JSON log lines go; stdout when absent. Tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** Probe and scrape endpoints: called every few seconds, so their request lines are debug only. */
export const QUIET_PATHS: ReadonlySet<string> = new Set(['/health', '/ready', '/metrics']);

type LoggedRequest = IncomingMessage & { originalUrl?: string };

function pathOf(req: LoggedRequest): string {
  return (req.originalUrl ?? req.url ?? '/').split('?')[0];
}

function requestLogLevel(req: LoggedRequest, res: ServerResponse, error?: Error): LevelWithSilent {
  if (QUIET_PATHS.has(pathOf(req))) return 'debug';
  if (error || res.statusCode >= 500) return 'error';
  if (res.statusCode >= 400) return 'warn';
  return 'info';
}

/** The pino-http options behind {@link LoggingModule}; exported for processes that build a logger without Nest. */
export function pinoHttpOptions(level: string): Options<LoggedRequest, ServerResponse> {
  return {
    level,
    redact: { paths: redactPaths(), censor: REDACTED },
    genReqId: (req, res) => {
      const id = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    // Lines written during a request carry only `requestId` (top level); the full req/res goes on the completion line.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    customLogLevel: requestLogLevel,
    serializers: {
      // EventSource cannot send headers, so tokens may ride in the query string: log the redacted parsed query instead.
      req: (req: SerializedRequest): SerializedRequest => {
        req.url = req.url.split('?')[0];
        return req;
      },
    },
  };
}

@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Params => {
            const pinoHttp = pinoHttpOptions(config.log.level);
            return { pinoHttp: options.destination ? [pinoHttp, options.destination] : pinoHttp };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}

/**
 * Routes Nest's own logger (and every `new Logger(Context)`) through pino. Call right after creating the app
 * with `{ bufferLogs: true }`, so start-up lines are written as JSON too.
 */
export function useStructuredLogger(app: INestApplicationContext): void {
  app.useLogger(app.get(Logger));
}
