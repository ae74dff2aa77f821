/**
 * "Create `require_api_key` and protect this route": for projects with no
 * API-key check yet. The decorator goes into the project's auth module (or a
 * new `auth.py` beside the app): keys from the `API_KEYS` environment
 * variable, the `X-API-Key` header, `hmac.compare_digest` against each key,
 * a JSON 401, `functools.wraps`.
 */
import * as path from 'node:path';
import type { Route } from '../analysis/flask-model';
import type { IndexedFile, Workspace } from '../analysis/workspace';
import type { FileEdit, Fix } from '../rules/types';
import { insertDecoratorEdits } from './auth-decorator';
import { ensureImport, ensureModuleImport } from './imports';

const NAME = 'require_api_key';

const FUNCTIONS = `def _configured_api_keys():
    """Keys come from the API_KEYS environment variable (comma-separated), never from code."""
    return [key.strip() for key in os.environ.get('API_KEYS', '').split(',') if key.strip()]


def ${NAME}(view):
    """Rejects requests without a valid X-API-Key header with a JSON 401."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        supplied = request.headers.get('X-API-Key', '')
        if not supplied or not any(hmac.compare_digest(supplied.encode(), key.encode()) for key in _configured_api_keys()):
            return jsonify(error='missing or invalid API key'), 401
        return view(*args, **kwargs)
    return wrapper
`;

const NEW_MODULE = `"""Authentication decorators."""
import hmac
import os
from functools import wraps

from flask import jsonify, request


${FUNCTIONS}`;

const AUTH_MODULE = /(^|\.)(auth|security|decorators|authentication)$/;

/** An existing auth module of the project, else where a new `auth.py` goes (beside the app). */
function authModule(workspace: Workspace, route: Route): { file?: IndexedFile; path: string; module: string } {
  const files = [...workspace.all()];
  const existing = files.find((f) => AUTH_MODULE.test(f.module) && !f.path.includes(`${path.sep}tests${path.sep}`));
  if (existing) return { file: existing, path: existing.path, module: existing.module };
  const appFile = files.find((f) => f.facts.assignments.some((a) => /^(Flask|flask\.Flask)\(/.test(a.value.text))) ?? route.file;
  const dir = path.dirname(appFile.path);
  const pkg = path.basename(appFile.path) === '__init__.py' ? appFile.module : appFile.module.split('.').slice(0, -1).join('.');
  return { path: path.join(dir, 'auth.py'), module: pkg ? `${pkg}.auth` : 'auth' };
}

export function createApiKeyDecoratorFix(workspace: Workspace, route: Route): Fix | undefined {
  const defined = [...workspace.all()].find((f) => f.symbols.get(NAME)?.kind === 'function');
  const edits: FileEdit[] = [];
  let module: string;
  if (defined) module = defined.module;
  else {
    const target = authModule(workspace, route);
    module = target.module;
    if (!target.file) edits.push({ kind: 'create', file: target.path, text: NEW_MODULE });
    else {
      const f = target.file;
      const text = f.source.text;
      for (const m of ['hmac', 'os']) {
        const e = ensureModuleImport(f, m);
        if (e) edits.push(e);
      }
      for (const [mod, name] of [['functools', 'wraps'], ['flask', 'jsonify'], ['flask', 'request']] as const) {
        const e = ensureImport(f, mod, name);
        if (e) edits.push(e);
      }
      const sep = text.endsWith('\n\n') ? '\n' : text.endsWith('\n') ? '\n\n' : '\n\n\n';
      edits.push({ kind: 'replace', file: f.path, start: text.length, end: text.length, text: sep + FUNCTIONS });
    }
  }
  const sameFile = module === route.file.module;
  edits.push(...insertDecoratorEdits(route, { text: NAME, ...(!sameFile && { import: { module, name: NAME } }) }));
  return { title: `Create \`${NAME}\` and protect this route`, applicability: 'unsafe', edits };
}
