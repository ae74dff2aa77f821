// Checks the .vsix that `npm run package` built: it must run offline (bundles
// and both WASM files inside) and ship no sources or tests.
// Run: node --test out/test/e2e/package-contents.test.js [after npm run package]
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const vsix = process.env.FLASK_GUARD_VSIX ?? path.join(root, 'flask-guard.vsix');

/** Entry names from a zip's central directory (a .vsix is a zip). */
function zipEntries(zip: Buffer): string[] {
  // The end-of-central-directory record is the last 22 bytes plus a comment of at most 64 KiB.
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0 && eocd >= zip.length - 22 - 0xffff, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const names: string[] = [];
  for (let at = zip.readUInt32LE(eocd + 16), i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `corrupt central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

test('the .vsix ships the bundles, both WASM files and no sources or tests', () => {
  assert.ok(fs.existsSync(vsix), `${vsix} does not exist: run \`npm run package\` first`);
  const entries = zipEntries(fs.readFileSync(vsix));
  const files = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));

  for (const required of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'dist/web-tree-sitter.wasm', 'dist/tree-sitter-python.wasm']) {
    assert.ok(files.includes(required), `${required} is missing from the .vsix; it has: ${files.join(', ')}`);
  }
  const forbidden = files.filter((f) => /\.(ts|map)$/.test(f) || /^(client|server|test|out|scripts|examples|node_modules)\//.test(f) || /(^|\/)test\//.test(f));
  assert.deepEqual(forbidden, [], `.vsix ships files it should not: ${forbidden.join(', ')}`);
});
