// Preloaded (node -r) into the api and worker processes of `npm run bench -- widget`: counts every query the pg
// driver sends and writes the running total to $PG_QUERY_COUNT_FILE, so the benchmark reports queries per message
// as the database sees them. Plain JavaScript because it loads before ts-node.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');
const { isMainThread } = require('node:worker_threads');
const { Client } = require('pg');

const file = process.env.PG_QUERY_COUNT_FILE;
// Worker threads (the embedder's) inherit the preload; only the main thread owns the pool and the file.
if (file && isMainThread) {
  let queries = 0;
  const query = Client.prototype.query;
  Client.prototype.query = function countedQuery(...args) {
    queries += 1;
    return query.apply(this, args);
  };
  // Written aside and renamed, so a reader never sees a half-written file.
  const write = () => {
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify({ queries, at: Date.now() }));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      // A measuring aid must never take the process down; the benchmark notices the counter going stale.
      process.stderr.write(`pg query counter: ${error}\n`);
    }
  };
  setInterval(write, 100).unref();
  process.on('exit', write);
}
