/** The contributed grammars, tokenised by VS Code's own engine (vscode-textmate + oniguruma). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const ROOT = path.resolve(__dirname, '../../..');

/** A minimal Python grammar: the comment scope is all the injection needs from its host. */
const PYTHON_STUB = JSON.stringify({
  scopeName: 'source.python',
  patterns: [{ begin: '#', end: '$', name: 'comment.line.number-sign.python' }, { match: '\\w+', name: 'source.python.word' }],
});

async function registry(): Promise<Registry> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const files: Record<string, string> = {
    'source.python': '__python__.json',
    'flask-guard.suppression.injection': 'syntaxes/flask-guard-suppression.injection.json',
    'text.log.flask-guard-scan': 'syntaxes/flask-guard-scan-log.tmLanguage.json',
  };
  return new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => {
      const file = files[scope];
      if (!file) return null;
      const text = file === '__python__.json' ? PYTHON_STUB : fs.readFileSync(path.join(ROOT, file), 'utf8');
      return parseRawGrammar(text, file.endsWith('.json') ? 'x.json' : file);
    },
    getInjections: (scope) => (scope === 'source.python' ? ['flask-guard.suppression.injection'] : undefined),
  });
}

function scopesOf(grammar: IGrammar, line: string): Map<string, string[]> {
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  return new Map(tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes]));
}

test('suppression comments highlight the keyword and each rule id', async () => {
  const grammar = (await (await registry()).loadGrammar('source.python'))!;
  const scopes = scopesOf(grammar, 'def users():  # flask-guard: ignore[FG101, FG102]');
  assert.ok(scopes.get('flask-guard')?.includes('keyword.other.flask-guard'));
  assert.ok(scopes.get('ignore')?.includes('keyword.control.suppression.flask-guard'));
  assert.ok(scopes.get('FG101')?.includes('constant.other.rule-id.flask-guard'));
  assert.ok(scopes.get('FG102')?.includes('constant.other.rule-id.flask-guard'));
});

test('an ordinary comment mentioning FG101 is not a suppression', async () => {
  const grammar = (await (await registry()).loadGrammar('source.python'))!;
  const scopes = scopesOf(grammar, 'x = 1  # see FG101 in the docs');
  for (const [text, s] of scopes) assert.ok(!s.some((x) => x.includes('flask-guard')), `${text}: ${s.join(' ')}`);
});

test('scan log lines: methods, status classes, finding ids, URLs', async () => {
  const grammar = (await (await registry()).loadGrammar('text.log.flask-guard-scan'))!;
  const scopes = scopesOf(grammar, '[12:00:01] GET http://127.0.0.1:5000/admin/users → 200 (4 ms) FG501');
  assert.ok(scopes.get('GET')?.includes('keyword.other.http-method.flask-guard'));
  assert.ok(scopes.get('200')?.includes('constant.numeric.status.success.flask-guard'));
  assert.ok(scopes.get('FG501')?.includes('constant.other.rule-id.flask-guard'));
  assert.ok(scopes.get('http://127.0.0.1:5000/admin/users')?.includes('string.unquoted.url.flask-guard'));
  const errors = scopesOf(grammar, 'HEAD /api/admin/users → 500 error');
  assert.ok(errors.get('500')?.includes('invalid.illegal.status.server-error.flask-guard'));
});
