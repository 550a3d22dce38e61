import { LoggerService } from '@nestjs/common';

/** Every line Nest's logger writes from now on, as text: a test can check that nothing secret was logged. */
export class CapturedLogs implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
  error = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
  warn = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
  debug = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
  verbose = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
  fatal = (...args: unknown[]) => this.lines.push(JSON.stringify(args));
}
