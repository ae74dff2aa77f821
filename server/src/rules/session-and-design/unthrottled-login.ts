import { appFacts, limiterFor, type AppFacts, type Site } from '../../analysis/app-facts';
import { ownNodes } from '../../analysis/body';
import type { FlaskTarget, Route } from '../../analysis/flask-model';
import { callParts, codeText, decoratorExpression, dottedName, lastName, stringItems, unwrap } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { insertDecoratorEdits } from '../../fixes/auth-decorator';
import type { Fix, RuleContext } from '../types';
import { defineRule } from '../types';
import { isLoginRoute } from './login-routes';

/** Project throttles that are not Flask-Limiter: `@rate_limit(...)`, `@throttle`. */
const THROTTLE_DECORATOR = /rate_?limit|ratelimit|throttl/i;
/** The view throttles by itself: answers 429, or counts failed attempts and locks out. */
const THROTTLE_BODY = /\b429\b|TooManyRequests|TOO_MANY_REQUESTS|rate_?limit|throttl|lockout|locked_until|failed_(login_)?attempts|login_attempts/i;
const LIMIT = '5 per minute';
/** Flask-Limiter's per-view decorators: `limiter.limit(...)`, `limiter.shared_limit(...)`. */
const LIMIT_CALL = /\.(limit|shared_limit)$/;

function decoratorName(expr: SyntaxNode): string {
  return dottedName(callParts(expr)?.callee ?? expr) ?? '';
}

function isRateLimited(ctx: RuleContext, facts: AppFacts, route: Route): boolean {
  const model = ctx.model;
  const exprs = [...route.decorators.map((d) => d.expr), ...route.view.decorators.map((d) => decoratorExpression(d)!)];
  const names = exprs.map(decoratorName);
  if (exprs.some((e, i) => (LIMIT_CALL.test(names[i]!) || THROTTLE_DECORATOR.test(lastName(names[i]) ?? '')) && !sparesWrites(route, e))) return true;
  if (exprs.some((e) => isBoundLimit(ctx, route, e))) return true;
  if (THROTTLE_BODY.test(codeText(route.view.node)) || throttledByHelper(ctx, route)) return true;
  const chain = model.ancestors(route.target);
  if (facts.limiter.limitedBlueprints.some((b) => {
    const t = model.resolveTarget(b.file, b.node, b.scope);
    return t && chain.includes(t);
  })) return true;
  return defaultLimitsCover(ctx, facts, chain) && !names.some((n) => /\.exempt$/.test(n) && /limit/i.test(n));
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `@limiter.limit('5/minute', methods=['GET'])` on a view that takes POST: the limit counts page loads, and the
 * credentials posted to the same view are never throttled.
 */
function sparesWrites(route: Route, limit: SyntaxNode): boolean {
  const methods = stringItems(callParts(limit)?.keywords.get('methods'))?.map((m) => m.toUpperCase());
  return !!methods && route.methods.some((m) => !READ_METHODS.has(m) && !methods.includes(m));
}

/** A decorator name bound to a limit made once and shared: `auth_limit = limiter.shared_limit(...)`, then `@auth_limit`. */
function isBoundLimit(ctx: RuleContext, route: Route, expr: SyntaxNode): boolean {
  const name = callParts(expr) ? undefined : dottedName(expr);
  const binding = name ? ctx.workspace.resolveDotted(route.file, name, route.view.enclosing) : undefined;
  const value = binding?.kind === 'value' ? unwrap(binding.fact.value) : undefined;
  return !!value && LIMIT_CALL.test(decoratorName(value));
}

/**
 * Default limits reach the route: set on (or configured for) a limiter not tied to one app, or the limiter built
 * for the route's own app. One example app's `Limiter(app=app, default_limits=...)` leaves its siblings bare.
 */
function defaultLimitsCover(ctx: RuleContext, facts: AppFacts, chain: readonly FlaskTarget[]): boolean {
  if (!facts.limiter.appWide) return false;
  const withDefaults = facts.limiter.instances.filter((i) => i.defaultLimits);
  // `RATELIMIT_DEFAULT` in the configuration is read only by the limiters built on an app: a sibling app without one is bare.
  const limiters = withDefaults.length ? withDefaults : facts.limiter.instances;
  // A route whose app the workspace cannot name (registered on an unresolved import) may be the limiter's.
  const appKnown = chain.some((t) => t.kind === 'app');
  return limiters.some((i) => {
    const app = limiterApp(ctx, i);
    return !app || !appKnown || chain.includes(app);
  });
}

/** The app a limiter is built on: `Limiter(key_func, app=app)`, or `Limiter(app)` in the older signature. */
function limiterApp(ctx: RuleContext, limiter: Site): FlaskTarget | undefined {
  const parts = callParts(unwrap(limiter.node.field_('right')));
  for (const arg of [parts?.keywords.get('app'), parts?.positional[0]]) {
    const target = arg && ctx.model.resolveTarget(limiter.file, arg, limiter.scope);
    if (target?.kind === 'app') return target;
  }
  return undefined;
}

/** `user = validate_user(...)` where the project helper counts attempts or handles a throttling error. */
function throttledByHelper(ctx: RuleContext, route: Route): boolean {
  return ownNodes(route.view.node.field_('body'), ['call']).some((call) => {
    const name = callParts(call)?.name;
    const b = name ? ctx.workspace.resolveDotted(route.file, name, route.view) : undefined;
    return b?.kind === 'function' && THROTTLE_BODY.test(codeText(b.fact.node));
  });
}

function limitFix(ctx: RuleContext, route: Route): Fix[] {
  const limiter = limiterFor(ctx.workspace, route.file);
  if (!limiter) return [];
  const text = `${limiter.name}.limit('${LIMIT}')`;
  return [{
    title: `Add \`@${text}\``,
    applicability: 'unsafe',
    edits: insertDecoratorEdits(route, { text, ...(limiter.module && { import: { module: limiter.module, name: limiter.name } }) }),
  }];
}

export default defineRule({
  meta: {
    code: 'FG309',
    name: 'unthrottled-login',
    family: 'session-and-design',
    severity: 'info',
    cwe: [307],
    summary: 'A login or token-issuing route checks credentials with no rate limit.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: "Add the project's Flask-Limiter limit" },
    docs: {
      whatItDoes:
        'Finds routes that return a session or a token in exchange for credentials (a login, a sign-in, a token endpoint taking ' +
        'a password or HTTP basic auth, a login taking a submitted key or secret (`team_key`, `client_secret`), a login-named view that runs a project form whose own `validate` checks the password, a view of any other name (`/verify-user`, `/auth/authorize`) that checks a password with a check call (`check_password_hash`, `user.check_password`) and then signs the caller in, makes a token, returns the account\'s stored one (`user.api_key`) or keeps the checked account in the session under any key (`session[\'player\'] = player.name`), or that keeps in the session or signs in what a project function given the submission answered when that function checks a password (`player = authenticate(name, pw)` at `/`), unless it changes the account (`/update-email`), the second step of a login that checks a one-time code and then logs the caller in) and reports them when nothing limits how often they can be called: no Flask-Limiter ' +
        '`@limiter.limit(...)` on the view or its blueprint, no app-wide `default_limits` / `application_limits` / ' +
        '`RATELIMIT_DEFAULT`, no project throttle decorator, and no lockout, throttling error or 429 answer in the view or a helper it calls. A login of a blueprint no app registers is never served and not reported, nor is a view that hashes the submitted password into a new account (`generate_password_hash`, `set_password`, or a model built whose constructor or `password` setter hashes it) and checks none, whatever its path (`/auth/create-admin`), nor one that names the password only as a required field (`for f in [\'email\', \'password\']`) and hands out no session or token.',
      whyIsThisBad:
        'Without a limit a script can try thousands of passwords per minute against one account (brute force) or one common ' +
        'password against every account (password spraying), and leaked password lists make both cheap.',
      example: [
        'from flask import Flask, request',
        'from flask_limiter import Limiter',
        'from flask_limiter.util import get_remote_address',
        'from flask_login import login_user',
        'from werkzeug.security import check_password_hash',
        '',
        'from models import User',
        '',
        'app = Flask(__name__)',
        'limiter = Limiter(get_remote_address, app=app)',
        '',
        '',
        "@app.post('/login')",
        'def login():',
        "    user = User.query.filter_by(email=request.form['email']).first()",
        "    if user is None or not check_password_hash(user.password_hash, request.form['password']):",
        "        return 'Invalid email or password', 401",
        '    login_user(user)',
        "    return 'ok'",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, request',
        'from flask_limiter import Limiter',
        'from flask_limiter.util import get_remote_address',
        'from flask_login import login_user',
        'from werkzeug.security import check_password_hash',
        '',
        'from models import User',
        '',
        'app = Flask(__name__)',
        'limiter = Limiter(get_remote_address, app=app)',
        '',
        '',
        "@app.post('/login')",
        "@limiter.limit('5 per minute')",
        'def login():',
        "    user = User.query.filter_by(email=request.form['email']).first()",
        "    if user is None or not check_password_hash(user.password_hash, request.form['password']):",
        "        return 'Invalid email or password', 401",
        '    login_user(user)',
        "    return 'ok'",
        '',
      ].join('\n'),
      files: { 'models.py': 'class User:\n    pass\n' },
      fixSafety:
        `Unsafe: offered where the project already has a Flask-Limiter instance, it adds \`@limiter.limit('${LIMIT}')\` under the ` +
        'route decorator, and callers beyond the limit now get 429. Projects without Flask-Limiter get no fix: add the ' +
        'extension (`Limiter(get_remote_address, app=app)`) first.',
      references: ['https://flask-limiter.readthedocs.io/', 'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#login-throttling'],
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    const facts = appFacts(ctx.workspace);
    for (const route of model.routes) {
      if (route.misplaced.length || !model.dispatches(route) || !isLoginRoute(route, ctx) || isRateLimited(ctx, facts, route)) continue;
      const issues = /token|jwt/i.test(route.rule + route.view.name) || /create_access_token|jwt\.encode|token/i.test(route.view.node.text) && !/login_user|session\[/.test(route.view.node.text) ? 'a token' : 'a session';
      ctx.report(route.file, route.reportNode, `\`${route.view.qualname}\` exchanges credentials for ${issues} with no rate limit, so a script can guess credentials at full speed; add a limit such as \`@limiter.limit('${LIMIT}')\` (Flask-Limiter)`, {
        fixes: limitFix(ctx, route),
      });
    }
  },
});
