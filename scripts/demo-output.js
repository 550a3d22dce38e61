// What `npm run demo` shows in its terminal: one progress line while it sets up, and the api's and worker's
// JSON logs in files instead of the screen.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const CLEAR_LINE = '\r\x1b[2K';

/**
 * A status line that rewrites itself on a terminal (each update replaces the last); elsewhere (a pipe, CI) each
 * new status is printed once on its own line. `note` prints a line that stays, above the progress line.
 * @param {NodeJS.WritableStream & { isTTY?: boolean, columns?: number }} stream
 * @param {string} [prefix]
 */
function createProgressLine(stream, prefix = '[demo] ') {
  const tty = stream.isTTY === true;
  let current = null;

  function fit(text) {
    const width = tty && stream.columns ? stream.columns - 1 : Infinity;
    const line = `${prefix}${text}`;
    return line.length > width ? `${line.slice(0, width - 1)}…` : line;
  }

  return {
    /** Replaces the progress line. */
    update(text) {
      if (text === current) return;
      current = text;
      stream.write(tty ? `${CLEAR_LINE}${fit(text)}` : `${fit(text)}\n`);
    },
    /** A line that stays (a warning, a failure); the progress line is drawn again below it. */
    note(text) {
      stream.write(tty && current !== null ? `${CLEAR_LINE}${prefix}${text}\n${fit(current)}` : `${prefix}${text}\n`);
    },
    /** Ends the progress line, leaving its last text on screen. */
    done() {
      if (tty && current !== null) stream.write('\n');
      current = null;
    },
  };
}

/** Opens `<dir>/<name>.log` for appending, for a child's stdout and stderr; returns its path and descriptor. */
function openChildLog(dir, name) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.log`);
  return { file, fd: fs.openSync(file, 'a') };
}

/** The last `count` lines of a log file, to show why a child stopped. */
function tailOfFile(file, count = 20) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return lines.slice(-count).join('\n');
  } catch {
    return '';
  }
}

/**
 * What the summary says about the Northwind orders API the demo's actions call: where it is, who the demo page signs
 * in, and which of that customer's orders to ask about (a cancellable one first).
 * @param {{ url: string }} api
 * @param {{ demo_customer_email: string, cancellable_statuses: string[], orders: Array<{ order_number: string, status: string, customer_email: string }> }} data
 * @param {{ signedIn: boolean }} options  whether the demo page signs the demo customer in (needs the inbox's secret)
 */
function ordersApiLines(api, data, { signedIn }) {
  const email = data.demo_customer_email;
  const own = data.orders.filter((order) => order.customer_email === email);
  const cancellable = own.find((order) => data.cancellable_statuses.includes(order.status)) ?? own[0];
  const lines = [
    `  Orders API:    ${api.url}   (Northwind's own orders and repairs API, called by the bot's actions)`,
    `  Orders:        ${data.orders.map((order) => `${order.order_number} (${order.status})`).join(', ')}`,
  ];
  if (!cancellable) return lines;
  lines.push(
    signedIn
      ? `  Try:           on the demo page (signed in as ${email}) ask "where is my order ${cancellable.order_number}?", then "cancel it"`
      : `  Try:           on the demo page ask "where is my order ${cancellable.order_number}?" (cancelling needs a signed-in customer)`,
  );
  return lines;
}

module.exports = { createProgressLine, openChildLog, ordersApiLines, tailOfFile };
