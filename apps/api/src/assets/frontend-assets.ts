import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FrontendAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

interface AssetSource {
  /** URL path the api serves it at. */
  path: string;
  /** Source relative to the repository root: a TypeScript entry to bundle, or a file served as is. */
  source: string;
  contentType: string;
}

export const FRONTEND_ASSETS: readonly AssetSource[] = [
  { path: '/widget.js', source: 'apps/widget/src/main.ts', contentType: 'text/javascript; charset=utf-8' },
  { path: '/console/app.js', source: 'apps/console/src/main.ts', contentType: 'text/javascript; charset=utf-8' },
  { path: '/console/app.css', source: 'apps/console/src/console.css', contentType: 'text/css; charset=utf-8' },
  { path: '/console', source: 'apps/console/src/index.html', contentType: 'text/html; charset=utf-8' },
];

/** Where `npm run build` leaves the bundles, for images that ship without the TypeScript sources. */
export const PREBUILT_DIR = join('dist', 'public');

function asset(body: Buffer, contentType: string): FrontendAsset {
  return { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

async function bundle(root: string, entry: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'iife',
    // Old enough for the browsers customers still use; the widget runs on every host page.
    target: 'es2019',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  return Buffer.from(output.contents);
}

function prebuiltName(path: string): string {
  return path === '/console' ? 'console/index.html' : path.slice(1);
}

/** The repository (or image) root: the nearest directory upwards with a package.json. */
export function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Bundles the widget and console from their sources when present, else reads what `npm run build` wrote. */
export async function loadFrontendAssets(root: string): Promise<Map<string, FrontendAsset>> {
  const assets = new Map<string, FrontendAsset>();
  for (const spec of FRONTEND_ASSETS) {
    const source = join(root, spec.source);
    const prebuilt = join(root, PREBUILT_DIR, prebuiltName(spec.path));
    let body: Buffer;
    if (existsSync(source))
      body = spec.source.endsWith('.ts') ? await bundle(root, spec.source) : await readFile(source);
    else if (existsSync(prebuilt)) body = await readFile(prebuilt);
    // A checkout without that front end still serves the API; the asset answers 404.
    else continue;
    assets.set(spec.path, asset(body, spec.contentType));
  }
  return assets;
}

/** For `npm run build`: writes the bundles under dist/public. */
export async function writeFrontendAssets(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const [path, { body }] of await loadFrontendAssets(root)) {
    const target = join(root, PREBUILT_DIR, prebuiltName(path));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
    written.push(target);
  }
  return written;
}
