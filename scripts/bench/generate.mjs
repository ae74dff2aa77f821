// Deterministic generator of realistic Flask code for the benchmarks: one
// large module (an app with config classes, auth decorators, blueprints,
// helpers and routes that read requests) and a 200-file package (an app
// factory, blueprints in sub-packages, routes in other modules than their
// blueprint, cross-module auth decorators). A seeded PRNG makes every run
// measure the same text; a few routes are left open on purpose so the rules
// have findings to report, as real projects do.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: tiny, fast and good enough to vary names and shapes. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['order', 'invoice', 'customer', 'product', 'report', 'ticket', 'shipment', 'coupon', 'review', 'account', 'payment', 'webhook', 'member', 'project', 'note'];
const FIELDS = ['name', 'status', 'email', 'total', 'created_at', 'owner_id', 'quantity', 'currency', 'title', 'priority'];

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

/** Lines of one helper function: loops, branches and dict handling, as service code has. */
function helperLines(rand, noun, k) {
  const field = pick(rand, FIELDS);
  const other = pick(rand, FIELDS);
  return [
    `def normalise_${noun}_${k}(record, include_items=False):`,
    `    """Turns a stored ${noun} into the shape the API returns."""`,
    `    if record is None:`,
    `        return None`,
    `    result = {'id': record.get('id'), '${field}': record.get('${field}', '')}`,
    `    for key in ('${other}', 'updated_at', 'tags'):`,
    `        value = record.get(key)`,
    `        if value is not None:`,
    `            result[key] = value`,
    `    if include_items:`,
    `        result['items'] = [dict(item, position=i) for i, item in enumerate(record.get('items', []))]`,
    `    log.debug('normalised ${noun} %s', result['id'])`,
    `    return result`,
    ``,
    ``,
  ];
}

/**
 * Lines of one blueprint-sized block of routes. `bp` is the blueprint
 * variable; `open` leaves its admin route without authentication (FG101).
 */
function routeLines(rand, { bp, noun, k, auth, open, adminAuth }) {
  const field = pick(rand, FIELDS);
  const lines = [
    `@${bp}.route('/${noun}s${k}', methods=['GET'])`,
    `@${auth}`,
    `def list_${noun}s_${k}():`,
    `    page = int(request.args.get('page', 1))`,
    `    per_page = min(int(request.args.get('per_page', 20)), 100)`,
    `    records = ${noun.toUpperCase()}_STORE.get(current_user.get_id(), [])`,
    `    start = (page - 1) * per_page`,
    `    items = [normalise_${noun}_${k}(r) for r in records[start:start + per_page]]`,
    `    return jsonify(items=items, page=page, total=len(records))`,
    ``,
    ``,
    `@${bp}.get('/${noun}s${k}/<int:item_id>')`,
    `@${auth}`,
    `def get_${noun}_${k}(item_id):`,
    `    record = ${noun.toUpperCase()}_INDEX.get(item_id)`,
    `    if record is None or record.get('owner_id') != current_user.get_id():`,
    `        abort(404)`,
    `    payload = normalise_${noun}_${k}(record, include_items=True)`,
    `    payload['links'] = {'self': url_for('.get_${noun}_${k}', item_id=item_id)}`,
    `    return jsonify(payload)`,
    ``,
    ``,
    `@${bp}.post('/${noun}s${k}')`,
    `@${auth}`,
    `def create_${noun}_${k}():`,
    `    data = request.get_json(silent=True) or {}`,
    `    errors = {}`,
    `    ${field} = str(data.get('${field}', '')).strip()`,
    `    if not ${field}:`,
    `        errors['${field}'] = 'required'`,
    `    if len(${field}) > 200:`,
    `        errors['${field}'] = 'too long'`,
    `    if errors:`,
    `        return jsonify(errors=errors), 400`,
    `    record = {'id': len(${noun.toUpperCase()}_INDEX) + 1, '${field}': ${field}, 'owner_id': current_user.get_id()}`,
    `    ${noun.toUpperCase()}_INDEX[record['id']] = record`,
    `    log.info('created ${noun} %s', record['id'])`,
    `    return jsonify(normalise_${noun}_${k}(record)), 201`,
    ``,
    ``,
    `@${bp}.route('/admin/${noun}s${k}/<int:item_id>', methods=['DELETE'])`,
  ];
  if (!open) lines.push(`@${adminAuth}`);
  lines.push(
    `def delete_${noun}_${k}(item_id):`,
    `    removed = ${noun.toUpperCase()}_INDEX.pop(item_id, None)`,
    `    if removed is None:`,
    `        abort(404)`,
    `    session['last_deleted'] = item_id`,
    `    return '', 204`,
    ``,
    ``,
    `@${bp}.get('/${noun}s${k}/public')`,
    `def public_${noun}s_${k}():`,
    `    return jsonify(count=len(${noun.toUpperCase()}_INDEX), updated=datetime.utcnow().isoformat())`,
    ``,
    ``,
  );
  return lines;
}

const HEADER = [
  'import logging',
  'import os',
  'from datetime import datetime, timedelta',
  'from functools import wraps',
  '',
  'from flask import Blueprint, Flask, abort, jsonify, redirect, request, session, url_for',
  'from flask_login import LoginManager, current_user, login_required, login_user, logout_user',
  'from werkzeug.security import check_password_hash',
  '',
  'log = logging.getLogger(__name__)',
  '',
];

const STORES = NOUNS.flatMap((n) => [`${n.toUpperCase()}_STORE = {}`, `${n.toUpperCase()}_INDEX = {}`]);

/** An auth decorator the engine must infer from its body (RULES.md: inferred decorators). */
function authDecoratorLines(name, check) {
  return [
    `def ${name}(view):`,
    `    @wraps(view)`,
    `    def wrapped(*args, **kwargs):`,
    `        if not current_user.is_authenticated:`,
    `            abort(401)`,
    ...(check ? [`        if not ${check}:`, `            abort(403)`] : []),
    `        return view(*args, **kwargs)`,
    ``,
    `    return wrapped`,
    ``,
    ``,
  ];
}

/**
 * One Flask module of about `lines` lines (the last block may overshoot by
 * one block, ~65 lines). Deterministic for a given `lines` and `seed`.
 */
export function flaskFile(lines, seed = 1) {
  const rand = prng(seed + lines);
  const out = [
    '"""Generated Flask application: orders, billing and support APIs."""',
    ...HEADER,
    '',
    'class Config:',
    "    SECRET_KEY = os.environ['SECRET_KEY']",
    "    SQLALCHEMY_DATABASE_URI = os.environ.get('DATABASE_URL', 'sqlite:///app.db')",
    '    SESSION_COOKIE_SECURE = True',
    '    PERMANENT_SESSION_LIFETIME = timedelta(days=7)',
    '',
    '',
    'class DevelopmentConfig(Config):',
    '    DEBUG = True',
    '',
    '',
    'app = Flask(__name__)',
    'app.config.from_object(Config)',
    'login_manager = LoginManager(app)',
    '',
    ...STORES,
    '',
    '',
    ...authDecoratorLines('admin_required', 'current_user.is_admin'),
    ...authDecoratorLines('staff_required', "getattr(current_user, 'is_staff', False)"),
    '@app.route(\'/\')',
    'def index():',
    "    return redirect(url_for('orders_0.list_orders_0'))",
    '',
    '',
    '@app.post(\'/login\')',
    'def login():',
    '    form = request.form',
    "    user = USERS.get(form.get('email', '').lower())",
    "    if user is None or not check_password_hash(user.password_hash, form.get('password', '')):",
    "        return jsonify(error='invalid credentials'), 401",
    '    login_user(user)',
    "    return redirect(url_for('index'))",
    '',
    '',
  ];
  for (let k = 0; out.length < lines - 35; k++) {
    const noun = NOUNS[k % NOUNS.length];
    const bp = `${noun}s_${k}_bp`;
    out.push(`${bp} = Blueprint('${noun}s_${k}', __name__, url_prefix='/v1/${noun}s-${k}')`, '', '');
    out.push(...helperLines(rand, noun, k));
    out.push(...routeLines(rand, { bp, noun, k, auth: rand() < 0.5 ? 'login_required' : 'staff_required', adminAuth: 'admin_required', open: k % 7 === 3 }));
    // Registering right after the routes, as modules that grew over time do.
    out.push(`app.register_blueprint(${bp})`, '', '');
  }
  out.push("if __name__ == '__main__':", "    app.run(debug=True, host='0.0.0.0')", '');
  return out.join('\n');
}

/**
 * Writes a 200-file package under `dir`: `shop/__init__.py` (app factory
 * registering every blueprint), `shop/auth.py` (decorators used in other
 * modules), `shop/extensions.py`, `shop/models.py`, and `areas` sub-packages
 * each holding a blueprint with a `before_request` hook on some of them, and
 * view modules that import that blueprint. Files are ~`linesPerFile` long.
 * Returns the file paths and the total line count.
 */
export function flaskWorkspace(dir, { files = 200, linesPerFile = 250, seed = 7 } = {}) {
  const rand = prng(seed);
  const pkg = path.join(dir, 'shop');
  fs.mkdirSync(pkg, { recursive: true });
  const written = [];
  let totalLines = 0;
  const write = (rel, lines) => {
    const full = path.join(pkg, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    const text = lines.join('\n') + '\n';
    fs.writeFileSync(full, text);
    written.push(full);
    totalLines += lines.length;
  };
  const viewsPerArea = 6;
  const areaCount = Math.floor((files - 4) / (viewsPerArea + 1));
  const coreFiles = files - areaCount * (viewsPerArea + 1);
  const areas = Array.from({ length: areaCount }, (_, i) => `${NOUNS[i % NOUNS.length]}_area${i}`);

  // Filler helpers bring a module to its size with code that is not routes.
  const fill = (lines, tag) => {
    for (let k = 0; lines.length < linesPerFile - 14; k++) lines.push(...helperLines(rand, `${tag}`, k));
    return lines;
  };

  write('extensions.py', fill(['from flask_login import LoginManager', 'import logging', '', 'log = logging.getLogger(__name__)', 'login_manager = LoginManager()', "login_manager.login_view = 'auth.login'", '', ''], 'ext'));
  write('auth.py', fill([
    'from functools import wraps',
    '',
    'from flask import abort, request',
    'from flask_login import current_user',
    'import logging',
    '',
    'log = logging.getLogger(__name__)',
    '',
    '',
    ...authDecoratorLines('staff_required', "getattr(current_user, 'is_staff', False)"),
    ...authDecoratorLines('admin_required', 'current_user.is_admin'),
  ], 'auth'));
  write('models.py', fill([
    'import logging',
    '',
    'log = logging.getLogger(__name__)',
    '',
    '',
    ...NOUNS.flatMap((n) => [`class ${n[0].toUpperCase()}${n.slice(1)}:`, `    table = '${n}s'`, '', '    def __init__(self, **fields):', '        self.fields = fields', '', '']),
    ...STORES,
    '',
    '',
  ], 'model'));
  const factory = [
    'import os',
    '',
    'from flask import Flask',
    '',
    'from .extensions import login_manager',
    '',
    '',
    'def create_app(config=None):',
    '    app = Flask(__name__)',
    "    app.config['SECRET_KEY'] = os.environ['SECRET_KEY']",
    '    app.config.update(config or {})',
    '    login_manager.init_app(app)',
  ];
  for (const area of areas) factory.push(`    from .${area} import bp as ${area}_bp`, `    app.register_blueprint(${area}_bp)`);
  factory.push('    return app', '', '');
  write('__init__.py', factory);
  for (let extra = 4; extra < coreFiles; extra++) write(`util_${extra}.py`, fill(['import logging', '', 'log = logging.getLogger(__name__)', '', ''], `util${extra}`));

  areas.forEach((area, i) => {
    const noun = NOUNS[i % NOUNS.length];
    // A third of the areas guard every route with a blueprint hook, as admin sections do.
    const guarded = i % 3 === 0;
    const init = [
      'from flask import Blueprint, abort',
      'from flask_login import current_user',
      'import logging',
      '',
      'log = logging.getLogger(__name__)',
      `bp = Blueprint('${area}', __name__, url_prefix='/${area.replace('_', '-')}')`,
      '',
      '',
    ];
    if (guarded) init.push('@bp.before_request', 'def require_login():', '    if not current_user.is_authenticated:', '        abort(401)', '', '');
    init.push('', `from . import ${Array.from({ length: viewsPerArea }, (_, j) => `views_${j}`).join(', ')}  # noqa: E402,F401`, '', '');
    write(path.join(area, '__init__.py'), fill(init, `${noun}_init${i}`));
    for (let j = 0; j < viewsPerArea; j++) {
      const lines = [
        'from datetime import datetime',
        '',
        'from flask import abort, jsonify, request, session, url_for',
        'from flask_login import current_user, login_required',
        'import logging',
        '',
        'from ..auth import admin_required, staff_required',
        'from ..models import ' + STORES.filter((s) => s.startsWith(noun.toUpperCase() + '_')).map((s) => s.split(' ')[0]).join(', '),
        'from . import bp',
        '',
        'log = logging.getLogger(__name__)',
        '',
        '',
      ];
      for (let k = 0; lines.length < linesPerFile - 70; k++) {
        const key = `${i}_${j}_${k}`;
        lines.push(...helperLines(rand, noun, key));
        lines.push(...routeLines(rand, { bp: 'bp', noun, k: key, auth: rand() < 0.6 ? 'login_required' : 'staff_required', adminAuth: 'admin_required', open: !guarded && (i + j + k) % 11 === 5 }));
      }
      write(path.join(area, `views_${j}.py`), fill(lines, `${noun}_v${i}_${j}`));
    }
  });
  return { files: written, lines: totalLines };
}

/** Line count of a text (a final newline does not start a line). */
export function lineCount(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/**
 * Edit sites near the middle of a text: `body` are offsets just after an
 * identifier that starts an assignment inside a function body
 * (`    payload = ...`), `top` are offsets of blank lines between two
 * top-level definitions (a dedented body above, a decorator or `def` below):
 * the site where tree-sitter re-parses everything after the edit.
 */
export function editSites(text, count = 8) {
  const lines = text.split('\n');
  const starts = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  const body = [];
  const top = [];
  const mid = Math.floor(lines.length / 2);
  for (let d = 0; d < lines.length && (body.length < count || top.length < count); d++) {
    for (const i of d === 0 ? [mid] : [mid - d, mid + d]) {
      if (i < 2 || i >= lines.length - 2) continue;
      const m = /^    ([a-z_]+) = /.exec(lines[i]);
      if (m && body.length < count) body.push(starts[i] + 4 + m[1].length);
      if (lines[i] === '' && lines[i + 1] === '' && /^ {4}\S/.test(lines[i - 1]) && /^[@d]/.test(lines[i + 2] ?? '') && top.length < count) top.push(starts[i]);
    }
  }
  return { body, top };
}
