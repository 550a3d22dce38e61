import { relative } from 'node:path';
import { findRoot, writeFrontendAssets } from '../apps/api/src/assets/frontend-assets';

// Bundles the widget and console into dist/public, for images that ship without the TypeScript sources.
const root = findRoot(__dirname);
writeFrontendAssets(root).then(
  (written) => console.log(`bundled ${written.map((file) => relative(root, file)).join(', ')}`),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
