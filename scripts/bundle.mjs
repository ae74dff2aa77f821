// Bundles the client, the language server and the CLI into dist/ and copies
// the two WASM files next to them: the extension and `npx flask-guard` then
// run offline with no node_modules.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const dist = path.join(root, 'dist');
fs.mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // esbuild would take web-tree-sitter's ESM build, where import.meta.url is
  // undefined once bundled to CommonJS; its .cjs build locates files itself.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

await Promise.all([
  build({ ...common, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode'] }),
  build({ ...common, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server.js') }),
  build({ ...common, entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
].map((p) => p.catch((e) => { console.error(e.message); process.exitCode = 1; })));

const wasmDir = path.dirname(require.resolve('web-tree-sitter'));
fs.copyFileSync(path.join(wasmDir, 'web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
fs.copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), path.join(dist, 'tree-sitter-python.wasm'));
fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
