import { Embedder, UseLiteEmbedder, chunkDocument, parseDocument } from '@switchboard/knowledge';
import { readFileSync } from 'node:fs';
import { BenchStack, call, startBenchStack } from './bench-stack';

interface DatasetDocument {
  id: string;
  title: string;
  text: string;
}

interface IngestRun {
  seconds: number;
  documents: number;
  chunks: number;
}

/** Lexical-only ingestion: every stage but the embedding model (a constant vector). */
class ConstantEmbedder implements Embedder {
  readonly model = 'lexical-only';
  readonly dimension = 8;
  async embed(texts: string[]): Promise<number[][]> {
    return texts.map(() => [1, 0, 0, 0, 0, 0, 0, 0]);
  }
  async close(): Promise<void> {}
}

async function ingest(stack: BenchStack, documents: DatasetDocument[]): Promise<IngestRun> {
  const created = await call<{ apiKey: { key: string } }>(`${stack.url}/v1/workspaces`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.adminToken}` },
    json: { name: 'Bench' },
  });
  const auth = { Authorization: `Bearer ${created.apiKey.key}` };
  const source = await call<{ id: string }>(`${stack.url}/v1/knowledge/sources`, {
    method: 'POST',
    headers: auth,
    json: { name: 'Bench', type: 'text', visibility: 'public' },
  });
  const started = process.hrtime.bigint();
  const accepted = await call<{ sync: { id: string } }>(`${stack.url}/v1/knowledge/sources/${source.id}/import`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/x-ndjson' },
    body: documents.map((doc) => JSON.stringify(doc)).join('\n'),
  });
  for (;;) {
    const sync = await call<{ status: string; indexed: number; failed: number }>(
      `${stack.url}/v1/knowledge/sources/${source.id}/syncs/${accepted.sync.id}`,
      { headers: auth },
    );
    if (sync.status !== 'running') {
      if (sync.failed > 0 || sync.status !== 'completed')
        throw new Error(`sync ended ${sync.status} with ${sync.failed} failures`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let chunks = 0;
  for (let offset = 0; ; offset += 200) {
    const page = await call<Array<{ chunkCount: number }>>(
      `${stack.url}/v1/knowledge/sources/${source.id}/documents?limit=200&offset=${offset}`,
      { headers: auth },
    );
    chunks += page.reduce((sum, doc) => sum + doc.chunkCount, 0);
    if (page.length < 200) break;
  }
  return { seconds, documents: documents.length, chunks };
}

/** The embedder alone, on exactly the chunks the pipeline embeds, with the same threads. */
async function rawEmbedder(documents: DatasetDocument[]): Promise<{ seconds: number; chunks: number }> {
  const texts: string[] = [];
  for (const doc of documents) {
    const parsed = await parseDocument({
      content: Buffer.from(doc.text),
      mediaType: 'text/markdown',
      title: doc.title,
    });
    texts.push(...chunkDocument({ ...parsed, title: doc.title }).map((chunk) => chunk.embedText));
  }
  const embedder = new UseLiteEmbedder();
  try {
    await embedder.embed(['warm up']);
    const started = process.hrtime.bigint();
    await embedder.embed(texts);
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, chunks: texts.length };
  } finally {
    await embedder.close();
  }
}

const round = (value: number): number => Math.round(value * 100) / 100;

export async function benchIngest(args: { dataset: string; limit?: number }): Promise<Record<string, unknown>> {
  const documents = readFileSync(`${args.dataset}/documents.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DatasetDocument)
    .slice(0, args.limit);

  const full = await startBenchStack();
  let pipeline: IngestRun;
  try {
    pipeline = await ingest(full, documents);
  } finally {
    await full.close();
  }
  const raw = await rawEmbedder(documents);
  const lexical = await startBenchStack({ embedder: new ConstantEmbedder() });
  let lexicalRun: IngestRun;
  try {
    lexicalRun = await ingest(lexical, documents);
  } finally {
    await lexical.close();
  }
  const pipelineChunksPerSecond = pipeline.chunks / pipeline.seconds;
  const rawChunksPerSecond = raw.chunks / raw.seconds;
  return {
    benchmark: 'ingest',
    dataset: args.dataset,
    documents: pipeline.documents,
    chunks: pipeline.chunks,
    pipeline: {
      seconds: round(pipeline.seconds),
      documents_per_s: round(pipeline.documents / pipeline.seconds),
      chunks_per_s: round(pipelineChunksPerSecond),
    },
    embedder_alone: { seconds: round(raw.seconds), chunks: raw.chunks, chunks_per_s: round(rawChunksPerSecond) },
    pipeline_to_embedder_ratio: round(pipelineChunksPerSecond / rawChunksPerSecond),
    lexical_only: {
      seconds: round(lexicalRun.seconds),
      documents_per_s: round(lexicalRun.documents / lexicalRun.seconds),
    },
  };
}
