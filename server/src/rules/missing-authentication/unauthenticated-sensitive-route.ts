import { openAdminViews } from '../../analysis/flask-admin';
import { isSensitive } from '../../analysis/routes';
import { authDecoratorFixes } from '../../fixes/auth-decorator';
import { defineRule } from '../types';
import { openPhrase, openRoutes } from './route-status';

export default defineRule({
  meta: {
    code: 'FG101',
    name: 'unauthenticated-sensitive-route',
    family: 'missing-authentication',
    severity: 'error',
    cwe: [306, 287],
    summary: 'A sensitive route (admin, users, export, settings, writes...) is reachable without authentication.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Add the project\'s authentication decorator' },
    docs: {
      whatItDoes:
        'Finds routes that anyone can call without logging in, and whose path, name or methods say they handle sensitive work: ' +
        'admin, config, settings, delete, remove, users, account, export, internal, debug, token, key, secret, manage, upload, or ' +
        'any POST/PUT/PATCH/DELETE (a page that accepts a POST is reported even when it only renders a template). A route counts as authenticated when an auth decorator wraps the view (Flask-Login, ' +
        'Flask-Security, Flask-JWT-Extended, Flask-HTTPAuth, your settings, or a project decorator whose wrapper rejects the ' +
        'request), when a `before_request` guard of its app or blueprint answers anonymous requests itself (any answer ends the request there), or when the view starts ' +
        'with a check that answers a caller with no identity before any work: a 401/403, a login redirect (to the endpoint of the view that checks the password and logs the caller in, whatever it is called, too), or an early answer of any status, such as an error page or a ' +
        '"please sign in" message (the test may be a one-line project predicate, `if not is_student(): return jsonify([])` where `is_student` compares the session\'s role; so does a project function the view answers with, `return pages.home()`; a view that does the same work for everyone and only ' +
        'varies what it shows is open) (one at the top of an `if request.method == \'POST\':` branch covers that ' +
        'method: a form whose GET only shows it is judged by the GET), or when its first work, on every path, is a call of a project ' +
        'function or method an auth decorator wraps (`return controller.list_users()`, the method under `@admin_required`). Flask-Admin views (`admin.add_view(ModelView(User, db.session))`) are ' +
        'routes too: Flask-Admin serves them to anyone unless the view\'s class (or a base class, one defined inside a function too) overrides `is_accessible`. Routes of a blueprint that no app of the workspace registers (every ' +
        '`register_blueprint` read, blueprints loaded by `import_string` over a literal list of names too; one naming a blueprint from a library or a missing module registers none of the workspace\'s) ' +
        'are never served and not reported. Login, logout (also a view that only signs the caller out, whatever its path says: `POST /token/remove`), registration (also a view or path named for it, like ' +
        '`register_user` on `POST /api/users` or `/reg`, but not a view named for registering one thing, `register_file` on `/up/register`, that takes no password and signs nobody in; a POST-only users, members or players collection that takes the new user\'s password or ' +
        'signs the newcomer in, and the same form page with its GET when the path names one new account (`/accounts/create`) and the form takes a password, one new account named alone (`/create_account`) whose view builds the record and then sends the newcomer to log in, a record made with a password under the sign-up path (`POST /auth/players`), and a page that only ' +
        'renders the sign-up form), a login or sign-up for one kind of user (`/admin_login`, `/school_sign_up`, `/register/doctor` taking a ' +
        'password) or one tenant (`/lib<id>/login`), ' +
        'password reset (the request, account recovery (`/account/recover`, `/users/recovery`), and the new password sent with the mailed token; `/forgetPassword` too: a path\'s camelCase words are read as words), email confirmation, account ' +
        'activation and invitation links, sending and checking one-time codes (texted ones too, `/sms_captcha`), single sign-on callbacks, signing in with an ' +
        'identity provider (`/auth/github`), token issuing (also a view, whatever it is called, that checks a password and hands ' +
        'the caller a token or a session), ' +
        'the index (and its view\'s other plain rules, `/index`, a single-page app\'s catch-all), static files, the page refused callers are sent to (`/forbidden`), ' +
        'health checks, favicon, robots, API docs, the captcha image the login form shows (not a code mailed or texted), pages about the site (about, privacy, terms) and the forms it offers ' +
        'strangers (contact, feedback, newsletter subscribe) with their display preferences (theme, language), on paths that ' +
        'say nothing sensitive, are public by nature and never reported.',
      whyIsThisBad:
        'Flask serves every route to every client. A forgotten decorator on `/admin/delete_user/<id>` lets anyone on the ' +
        'network delete users; an open `/api/users` leaks every account. These are the most common access-control flaws ' +
        '(OWASP A01) and the easiest to exploit: one request, no credentials.',
      example: [
        'from flask import Flask',
        'from flask_login import login_required',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/admin/delete_user/<user_id>')",
        'def delete_user(user_id):',
        "    return 'deleted'",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask',
        'from flask_login import login_required',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/admin/delete_user/<user_id>')",
        '@login_required',
        'def delete_user(user_id):',
        "    return 'deleted'",
        '',
      ].join('\n'),
      fixSafety:
        'Adding an authentication decorator changes behaviour (anonymous callers now get 401 or a login redirect), so the fix ' +
        'is unsafe: offered one by one, never applied by "fix all". If the route is public by design, add it to ' +
        '`flaskGuard.publicRoutes` ("Mark route as public") or suppress the line.',
      references: ['https://flask-login.readthedocs.io/en/latest/#flask_login.login_required', 'https://owasp.org/Top10/A01_2021-Broken_Access_Control/'],
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    for (const open of openRoutes(model)) {
      // A handler served under several rules is reported for the sensitive ones, whichever was registered first.
      const [route, ...alsoSensitive] = [open.route, ...open.alsoOpen].filter((r) => isSensitive(r.rule, r.view.name, model.auth(r).openMethods));
      if (!route) continue;
      const auth = model.auth(route);
      const exempting = auth.hooks.filter((h) => h.guard.enforces);
      const others = [...new Set(alsoSensitive.map((r) => r.rule))].filter((rule) => rule !== route.rule);
      const also = others.length ? ` (so do ${others.map((rule) => `\`${rule}\``).join(', ')}, served by the same handler)` : '';
      ctx.report(route.file, route.reportNode, `Route \`${route.rule}\` ${openPhrase(route, auth)} without authentication${also}`, {
        fixes: () => authDecoratorFixes(ctx, route),
        commands: [{ title: `Mark \`${route.rule}\` as public`, command: 'flaskGuard.markRoutePublic', arguments: [route.rule] }],
        related: exempting.map((h) => ({ file: h.file.path, start: h.fn.nameNode.start, end: h.fn.nameNode.end, message: `\`${h.fn.name}\` guards the other requests but lets this one through` })),
      });
    }
    for (const view of openAdminViews(model)) {
      ctx.report(view.file, view.node, `Flask-Admin view \`${view.name}\` (\`${view.rule}\`) accepts requests without authentication: Flask-Admin serves it to anyone unless the view's class overrides \`is_accessible\``, {
        commands: [{ title: `Mark \`${view.rule}\` as public`, command: 'flaskGuard.markRoutePublic', arguments: [view.rule] }],
      });
    }
  },
});
