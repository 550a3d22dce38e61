/**
 * CommonJS body of one USE-lite worker thread, run with `new Worker(source, { eval: true })`:
 * a string survives both ts-jest and the tsc build, which emits no .js assets of its own.
 * It loads the model once from the absolute module paths in `workerData`, then answers
 * `{ type: 'embed', id, texts }` with one flattened Float32Array per batch.
 */
export const USE_LITE_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');

const describe = (error) => String((error && (error.stack || error.message)) || error);

async function load() {
  const { initModel } = require(workerData.embeddingsModulePath);
  const { modelSource } = require(workerData.modelModulePath);
  return initModel(modelSource);
}

async function embed(model, id, texts) {
  try {
    // The tokenizer yields no tokens for "", and the sparse input then drops or garbles that row.
    const inputs = texts.map((text) => (model.tokenizer.encode(text).length === 0 ? ' ' : text));
    const vectors = await model.embed(inputs);
    if (!Array.isArray(vectors) || vectors.length !== inputs.length) {
      throw new Error('the model returned ' + (vectors && vectors.length) + ' vectors for ' + inputs.length + ' texts');
    }
    const dimension = vectors.length > 0 ? vectors[0].length : 0;
    const data = new Float32Array(vectors.length * dimension);
    vectors.forEach((vector, i) => data.set(vector, i * dimension));
    parentPort.postMessage({ type: 'result', id, dimension, data }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ type: 'error', id, message: describe(error) });
  }
}

load().then(
  (model) => {
    parentPort.on('message', (message) => {
      if (message && message.type === 'embed') embed(model, message.id, message.texts);
    });
    parentPort.postMessage({ type: 'ready' });
  },
  (error) => parentPort.postMessage({ type: 'init-error', message: describe(error) }),
);
`;
