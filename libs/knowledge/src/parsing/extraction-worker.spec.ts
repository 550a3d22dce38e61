import { DocumentParseError } from './document-parse.error';
import { runExtractionWorker, workerScript } from './extraction-worker';

const run = (body: string, extra: { timeoutMs?: number; maxHeapMb?: number } = {}) =>
  runExtractionWorker({
    source: workerScript(body),
    workerData: { n: 2 },
    format: 'TEST',
    fileName: 'f.bin',
    ...extra,
  });

describe('runExtractionWorker', () => {
  it('returns what the worker body returns', async () => {
    await expect(run('return { doubled: workerData.n * 2 };')).resolves.toEqual({ doubled: 4 });
  });

  it('turns an error thrown in the worker into a DocumentParseError', async () => {
    const running = run("throw new TypeError('bad xref table');");
    await expect(running).rejects.toThrow(DocumentParseError);
    await expect(running).rejects.toThrow('f.bin: TEST: bad xref table');
  });

  it('lets the caller reword the error', async () => {
    const running = runExtractionWorker({
      source: workerScript("const e = new Error('No password given'); e.name = 'PasswordException'; throw e;"),
      workerData: {},
      format: 'PDF',
      describeError: (name) => (name === 'PasswordException' ? 'encrypted' : 'other'),
    });
    await expect(running).rejects.toThrow('PDF: encrypted');
  });

  it('stops a worker that never finishes', async () => {
    await expect(run('for (;;) {}', { timeoutMs: 200 })).rejects.toThrow('TEST: extraction timed out after 200 ms');
  });

  it('survives a worker that runs out of memory', async () => {
    const hog = 'const hoard = []; for (;;) hoard.push(new Array(1e6).fill({ x: Math.random() }));';
    await expect(run(hog, { maxHeapMb: 32, timeoutMs: 30_000 })).rejects.toThrow('TEST: extraction ran out of memory');
  });

  it('reports a worker that exits without answering', async () => {
    await expect(run('process.exit(3);')).rejects.toThrow('TEST: the extraction worker exited early (code 3)');
  });
});
