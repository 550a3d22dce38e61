import { mkdtempSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the demo launcher is plain CommonJS
const { createProgressLine, openChildLog, ordersApiLines, tailOfFile } = require('./demo-output') as {
  createProgressLine(stream: Writable & { isTTY?: boolean; columns?: number }, prefix?: string): ProgressLine;
  openChildLog(dir: string, name: string): { file: string; fd: number };
  ordersApiLines(api: { url: string }, data: DemoOrders, options: { signedIn: boolean }): string[];
  tailOfFile(file: string, count?: number): string;
};

interface DemoOrders {
  demo_customer_email: string;
  cancellable_statuses: string[];
  orders: Array<{ order_number: string; status: string; customer_email: string }>;
}

interface ProgressLine {
  update(text: string): void;
  note(text: string): void;
  done(): void;
}

function capture(
  isTTY: boolean,
  columns = 80,
): { stream: Writable & { isTTY: boolean; columns: number }; text(): string } {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    }),
    { isTTY, columns },
  );
  return { stream, text: () => chunks.join('') };
}

describe('the demo progress line', () => {
  it('rewrites one line on a terminal instead of printing a line per step', () => {
    const out = capture(true);
    const progress = createProgressLine(out.stream);
    progress.update('indexing: 1 of 12 documents done');
    progress.update('indexing: 1 of 12 documents done');
    progress.update('indexing: 12 of 12 documents done');
    progress.done();
    expect(out.text()).toBe(
      '\r\x1b[2K[demo] indexing: 1 of 12 documents done\r\x1b[2K[demo] indexing: 12 of 12 documents done\n',
    );
    expect(out.text().split('\n')).toHaveLength(2);
  });

  it('keeps notes on their own lines and redraws the progress below them', () => {
    const out = capture(true);
    const progress = createProgressLine(out.stream);
    progress.update('uploading 3 articles');
    progress.note('  failed: broken.md: unsupported');
    expect(out.text()).toBe(
      '\r\x1b[2K[demo] uploading 3 articles\r\x1b[2K[demo]   failed: broken.md: unsupported\n[demo] uploading 3 articles',
    );
  });

  it('cuts a status to the terminal width', () => {
    const out = capture(true, 20);
    createProgressLine(out.stream).update('a very long status that does not fit');
    expect(out.text()).toBe('\r\x1b[2K[demo] a very long…');
  });

  it('prints each new status once when the output is not a terminal', () => {
    const out = capture(false);
    const progress = createProgressLine(out.stream);
    progress.update('created workspace');
    progress.update('created workspace');
    progress.update('indexing');
    progress.done();
    expect(out.text()).toBe('[demo] created workspace\n[demo] indexing\n');
  });
});

describe('child logs', () => {
  it('go to a file per process, whose tail explains a crash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-logs-'));
    try {
      const { file, fd } = openChildLog(join(dir, 'logs'), 'api');
      for (let i = 1; i <= 30; i++) writeSync(fd, `{"level":30,"msg":"line ${i}"}\n`);
      closeSync(fd);
      expect(file).toBe(join(dir, 'logs', 'api.log'));
      expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(31);
      const tail = tailOfFile(file, 3).split('\n');
      expect(tail).toEqual([
        '{"level":30,"msg":"line 28"}',
        '{"level":30,"msg":"line 29"}',
        '{"level":30,"msg":"line 30"}',
      ]);
      expect(tailOfFile(join(dir, 'missing.log'))).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the orders API lines of the summary', () => {
  const data: DemoOrders = {
    demo_customer_email: 'sam@example.com',
    cancellable_statuses: ['processing'],
    orders: [
      { order_number: 'NW-40001', status: 'processing', customer_email: 'kim@example.com' },
      { order_number: 'NW-40002', status: 'shipped', customer_email: 'sam@example.com' },
      { order_number: 'NW-40003', status: 'processing', customer_email: 'sam@example.com' },
    ],
  };
  const api = { url: 'http://127.0.0.1:4321' };

  it("say where the API is, list the orders and suggest the signed-in customer's cancellable order", () => {
    const lines = ordersApiLines(api, data, { signedIn: true });
    expect(lines[0]).toContain('http://127.0.0.1:4321');
    expect(lines[1]).toBe('  Orders:        NW-40001 (processing), NW-40002 (shipped), NW-40003 (processing)');
    expect(lines[2]).toBe(
      '  Try:           on the demo page (signed in as sam@example.com) ask "where is my order NW-40003?", then "cancel it"',
    );
  });

  it('say that cancelling needs a signed-in customer when the demo page cannot sign one in', () => {
    expect(ordersApiLines(api, data, { signedIn: false })[2]).toMatch(/NW-40003\?" \(cancelling needs a signed-in/);
  });

  it('suggest nothing when the demo customer has no order', () => {
    expect(
      ordersApiLines(api, { ...data, demo_customer_email: 'nobody@example.com' }, { signedIn: true }),
    ).toHaveLength(2);
  });
});
