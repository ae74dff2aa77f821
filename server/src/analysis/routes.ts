/** What a route's path and name say about it: sensitive, public by nature, full rule. */
import { PASSWORD_CHECK_CALL } from './app-facts';
import { ownNodes } from './body';
import { callParts, lastName, statements, stringValue, targetNames, words } from './python';
import type { SyntaxNode } from './syntax';

const SENSITIVE = new Set([
  'admin', 'admins', 'administrator', 'administration', 'config', 'configs', 'configuration', 'configure', 'settings', 'setting',
  'delete', 'deleted', 'remove', 'removed', 'user', 'users', 'account', 'accounts', 'export', 'exports', 'internal', 'debug',
  'token', 'tokens', 'key', 'keys', 'apikey', 'apikeys', 'secret', 'secrets', 'manage', 'management', 'manager', 'upload', 'uploads',
]);

export const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Public whatever the method: the way in (single sign-on's callbacks too), the way out (an OAuth server's
 * revocation endpoint is its logout: the token sent is the credential), and token issuing (Flask-JWT's
 * default endpoint is `POST /auth`).
 */
const PUBLIC_ANY = /^(auth|login|logout|log_?in|log_?out|signin|sign_?in|signout|sign_?out|signup|sign_?up|register|registration|regi?|forgot|forg[eo]t_?password|reset_?password|password_?reset|token|oauth_?token|oauth2?_?revoke|revoke_?token|token_?revoke|refresh|callback|authorize|authorized|authenticate|oauth2?_?callback|sso|acs|saml|oidc)$/;
/** Identity providers a site lets strangers sign in with (`/auth/kakao`, `/login/github`: Flask-Dance's default path). */
const IDENTITY_PROVIDER = /^(google|github|gitlab|bitbucket|facebook|twitter|linkedin|microsoft|azure|azuread|apple|discord|slack|okta|auth0|keycloak|kakao|naver|line|wechat|weixin|weibo|qq|yandex|vk|twitch|spotify|reddit|dropbox|orcid|amazon|steam)$/;
/** The way in a provider's name follows: `/auth/<provider>`, `/oauth/<provider>`, `/login/<provider>`. */
const SIGN_IN_VIA = /^(auth|oauth2?|login|log_?in|signin|sign_?in|sso)$/;
/** A path segment that signs the caller out, whatever it names after (`/logout/refresh`). */
const SIGN_OUT = /^(logout|log_out|signout|sign_out)$/;
const ISSUED_TOKENS = /^(access_?|auth_?|refresh_?|api_?)?tokens$/;
/** The forms a site offers strangers and their display preferences: public whatever the method, unless the path is sensitive (`/admin/newsletter`). */
const STRANGER_FORMS = /^(contact|contact_?us|feedback|subscribe|unsubscribe|newsletter|dark_?mode|theme|set_?theme|lang|language|set_?lang|set_?language|locale|set_?locale|cookie_?consent)$/;
/** The segments of an API's base path: `/api`, `/api/v3_0`, `/rest/v1.2`. */
const API_ROOT = /^(api|rest|v\d+([._]\d+)*)$/;
/** Public when only read. */
const PUBLIC_READ = /^(index|home|static|health|healthz|healthcheck|health_?check|livez|readyz|ready|alive|ping|status|version|favicon(\.ico)?|robots(\.txt)?|sitemap(\.xml)?|docs|redoc|swagger|swagger_?ui|apidocs|openapi(\.json|\.ya?ml)?|swagger\.json|spec)$/;
/**
 * A liveness probe, known by its view's name: a service behind a gateway answers its health check on its
 * own base path (`GET /api/user` served by `ping`), so the path may say something sensitive.
 */
const PROBE_NAME = /^(ping|health|healthz|health_?check|livez|readyz|liveness|readiness|alive)$/;
/**
 * Pages about the site, "am I logged in?" probes, and the pages a refused caller is sent to (`/forbidden`):
 * nobody puts `/about` behind a login by oversight (but `/admin/help` is the admin's).
 */
const SITE_PAGES = /^(login_?status|auth_?status|session_?status|whoami|about|about_?us|faq|help|privacy|privacy_?policy|terms|terms_?of_?service|tos|legal|imprint|forbidden|access_?denied|denied|unauthori[sz]ed|not_?allowed|not_?found|error|oops)$/;
/** "Am I logged in?" asked of the caller's own session (`/user_is_authorized`): its `user` is the caller, no record. */
const AM_I_IN = /^((current_)?user_)?(is_)?(logged_?in|authenticated|authori[sz]ed)$/;
/** A check that the app reaches its database or a service it needs: a health check under another name (`/test-connection`, `/db-check`). */
const CONNECTION_PROBE = /^((test|check)_?(db|database|conn|connection)|(db|database|conn|connection)_?(test|check|ping|health|status))$/;
/** A view that takes something from the caller (a host to try, a query) is no probe. */
const READS_REQUEST = /\b(request|reqparse|parse_args)\b/;

/** A connectivity probe by what it does: a read on a probe path that takes nothing from the caller, as `/health` takes nothing. */
export function isConnectionProbe(rule: string, methods: readonly string[], viewText: string): boolean {
  const last = pathWords(rule).pop();
  if (!last || rule.includes('<') || methods.some((m) => WRITE_METHODS.has(m))) return false;
  return CONNECTION_PROBE.test(last) && !READS_REQUEST.test(viewText);
}

/** Whom a way in lets in, or the code that serves it: `register_user`, `UserLoginAPI`. */
const WAY_IN_WHO = 'user|users|account|accounts|member|members|customer|customers|new|api|view|resource|endpoint|handler|page|form';
/** The step of logging in a view takes: `login_request`, `process_login`, `/login/submit`. */
const WAY_IN_STEP = 'request|submit|process|check|post|action|do|handle|perform|attempt|verify';
/**
 * A view named for the way in, for whom it lets in and the step it takes: `register_user`,
 * `UserLoginAPI`, `signup_account`, `login_request`. REST APIs sign users up with `POST /users`
 * (the RealWorld spec does).
 */
const WAY_IN_NAME = new RegExp(
  `^((${WAY_IN_WHO}|${WAY_IN_STEP})_)*(login|log_in|logout|log_out|signin|sign_in|signout|sign_out|signup|sign_up|register|registration|regi?)(_(${WAY_IN_WHO}|${WAY_IN_STEP}))*$`,
);
/** The only sensitive words a sign-up route's path may hold: the collection it adds to. */
const SIGN_UP_COLLECTIONS = new Set(['user', 'users', 'account', 'accounts']);

/** A docstring or comment that says the view signs strangers up. */
const SIGN_UP_TEXT = /\bregist(er|ration)\b|\bsign[\s_-]?up\b/i;

/**
 * The caller's own identity: a view that reads it acts for a logged-in user, not for a stranger signing up.
 * Asking only whether anyone is logged in does not count: the tutorials' sign-up and reset pages open with
 * `if current_user.is_authenticated: return redirect(url_for('index'))`, which sends members away.
 */
const READS_CALLER = /\b(current_user|g\.user|g\.current_user|current_identity|get_jwt_identity)\b(?!\.is_(authenticated|anonymous)\b)/;

/** The view takes a password and never asks who is calling: a way in for a stranger. */
function takesPasswordFromStranger(viewText: string): boolean {
  return /password/i.test(viewText) && !READS_CALLER.test(viewText);
}

/**
 * A sensitive word in the path other than the collections sign-up posts to (`/admin/...`, `/settings/...`), nor the
 * word that names whom a login lets in (`/admin_login`).
 */
function onSensitivePath(rule: string, whom?: string): boolean {
  return words(rule).some((w) => SENSITIVE.has(w) && !SIGN_UP_COLLECTIONS.has(w) && w !== whom);
}

/** An id parameter in the path (`/users/<int:user_id>/login`): the route acts on one record. */
function onRecord(rule: string): boolean {
  return /<[^>]*id>/i.test(rule);
}

/** Collections of accounts: a stranger's POST there with a password makes one (`POST /api/players`). */
const ACCOUNT_COLLECTIONS = new Set(['users', 'accounts', 'members', 'players']);

/**
 * Self-registration by what the view does: a POST route (with the GET of its form, when it names one new account) on
 * the users (or accounts, members, players) collection whose body takes the new user's own password, or that says it
 * registers one, and never asks who the caller is. REST APIs sign up with `POST /api/users` whatever the view is called (`new_user`),
 * others with `POST /accounts/create`. Under the sign-up's own path (`POST /auth/players`), a new record made with a
 * password is a new account, whatever the collection is called.
 */
export function isSignUp(rule: string, methods: readonly string[], view: SyntaxNode): boolean {
  const collection = joinedCollection(rule)?.replace(/-/g, '_');
  if (!methods.includes('POST') || rule.includes('<') || !collection) return false;
  // The form page of the same view (`GET /accounts/create` shows what the POST sends); a GET on the collection itself lists it.
  if (methods.some((m) => m !== 'POST' && (m !== 'GET' || !namesNewOne(rule, collection)))) return false;
  const viewText = view.text;
  if (onSensitivePath(rule) || READS_CALLER.test(viewText)) return false;
  const takesPassword = /password/i.test(viewText);
  // A form page that takes no password (a kiosk enrolling visitors, `/users/new`) makes records, not accounts.
  if (methods.includes('GET') && !takesPassword) return false;
  if (ACCOUNT_COLLECTIONS.has(collection)) return takesPassword || SIGN_UP_TEXT.test(viewText) || signsInNewRecord(view);
  if (takesPassword && words(rule).some((w) => SIGN_UP_PATHS.has(w)) && newRecords(view.field_('body')).size > 0) return true;
  // An admin panel adds users with the same form, password and all, but does not log them in: only a view that says
  // it registers, signs the newcomer in, or sends them on to log in, is sign-up.
  return ONE_NEW.test(collection) && (SIGN_UP_TEXT.test(viewText) || signsInNewRecord(view) || sendsNewcomerToLogIn(view));
}

/**
 * The view builds a record and then sends the caller to the login page (`return redirect(url_for('login'))`): whoever
 * filled in the form is the newcomer, to sign in next. An admin panel's form goes back to its list.
 */
function sendsNewcomerToLogIn(view: SyntaxNode): boolean {
  const body = view.field_('body');
  const built = ownNodes(body, ['assignment']).find((a) => buildsRecord(a.field_('right')));
  return !!built && ownNodes(body, ['return_statement']).some((r) => r.start > built.start && redirectsToLogin(r.namedChildren[0]));
}

/** `redirect('/login')`, `redirect(url_for('auth.sign_in'))`: a redirect whose destination is the login page. */
function redirectsToLogin(value: SyntaxNode | undefined): boolean {
  const parts = callParts(value);
  if (lastName(parts?.name) !== 'redirect') return false;
  const to = parts!.positional[0];
  const endpoint = lastName(callParts(to)?.name) === 'url_for' ? stringValue(callParts(to)!.positional[0])?.split('.').pop() : undefined;
  const page = endpoint ?? (stringValue(to) !== undefined ? pathWords(stringValue(to)!).pop() : undefined);
  return !!page && LOGIN_PAGE.test(words(page).join('_'));
}

const LOGIN_PAGE = /^(log_?in|sign_?in)$/;

/** Calls that sign someone in: Flask-Login's session, or a token made for them (`create_access_token`, a project's `generate_token`). */
export function signsIn(call: SyntaxNode): boolean {
  const name = callParts(call)?.name ?? '';
  return SIGN_IN_CALL.test(lastName(name) ?? '') || /(^|\.)jwt\.encode$/.test(name);
}

const SIGN_IN_CALL = /^(login_user|create_access_token|create_refresh_token|(generate|create|make|issue|encode)_(auth_|access_|jwt_)?token|(generate|create|make|encode)_jwt)$/;
/** Classes that build something other than a stored record: a form, a schema, a parser. */
const NOT_A_RECORD = /(Form|Schema|Parser|Serializer|Validator)$/;

/**
 * The view builds a record with a class (`user = UserModel(data)`) and signs that same newcomer in: `login_user(user)`,
 * or a token made from it or from what was read off it (`token = Auth.generate_token(user_schema.dump(user)['id'])`).
 */
function signsInNewRecord(view: SyntaxNode): boolean {
  const body = view.field_('body');
  const newcomer = newRecords(body);
  return newcomer.size > 0 && ownNodes(body, ['call']).some((call) => signsIn(call) && mentions(call, newcomer));
}

/** The names that hold a record the body builds, or what was read off one (`user = UserModel(data)`, `uid = user.id`). */
function newRecords(body: SyntaxNode | undefined): Set<string> {
  const newcomer = new Set<string>();
  for (const assignment of ownNodes(body, ['assignment'])) {
    const value = assignment.field_('right');
    if (buildsRecord(value) || (newcomer.size && mentions(value, newcomer))) {
      for (const name of targetNames(assignment.field_('left'))) newcomer.add(name);
    }
  }
  return newcomer;
}

/** `UserModel(data)`, Peewee's `User.create(...)`: a new record built by its class (not a form or a schema). */
function buildsRecord(value: SyntaxNode | undefined): boolean {
  const name = callParts(value)?.name ?? '';
  const built = /^[A-Z]\w*\.create$/.test(name) ? name.split('.')[0]! : lastName(name) ?? '';
  return /^[A-Z]/.test(built) && !NOT_A_RECORD.test(built);
}

/** Does the code read one of the names (not a field or keyword of that name: `data.user`, `user=...`)? */
function mentions(node: SyntaxNode | undefined, names: ReadonlySet<string>): boolean {
  return !!node?.find('identifier').some((id) => names.has(id.text) && id.field !== 'attribute' && !(id.parent?.type === 'keyword_argument' && id.field === 'name'));
}

/** One new user or account, named alone: `/user`, `/user/new`, `/create_user`, `/new-account`. */
const ONE_NEW = /^((create|new|add)_?)?(user|account)$/;

/** Verbs that name adding one more to the collection before them: `/accounts/create`, `/users/new`. */
const ADDS_TO_COLLECTION = new Set(['create', 'new']);

/** The rule names one new member of the collection, not the collection: `/accounts/create`, `/users/new`, `/create_user`. */
function namesNewOne(rule: string, collection: string): boolean {
  return ADDS_TO_COLLECTION.has(staticSegments(rule).pop()?.toLowerCase() ?? '') || ONE_NEW.test(collection);
}

/** The collection a POST adds to: the last segment, or the one before a trailing `create`/`new`. */
function joinedCollection(rule: string): string | undefined {
  const segments = staticSegments(rule).map((s) => s.toLowerCase());
  const last = segments.pop();
  return last !== undefined && ADDS_TO_COLLECTION.has(last) ? segments.pop() : last;
}

const SESSIONS = /^(sessions?|user_?sessions?|login_?sessions?)$/;

/**
 * Logging in by creating a session (the REST spelling of a login, `POST /api/sessions`): a POST-only
 * route on the sessions collection whose view takes a password and never asks who the caller is.
 * Without the password it may start any other kind of session (a study session, a chat).
 */
export function isSessionLogin(rule: string, methods: readonly string[], viewText: string): boolean {
  const last = staticSegments(rule).pop()?.toLowerCase().replace(/-/g, '_');
  if (!methods.length || methods.some((m) => m !== 'POST') || rule.includes('<') || !last || !SESSIONS.test(last)) return false;
  return !onSensitivePath(rule) && takesPasswordFromStranger(viewText);
}

/** A parameter that carries what was mailed to the user (`/confirm/<token>`, `/reset/<code>`). */
const MAILED_TOKEN = /<[^>]*(token|code|key|hash)>/i;

/** Words for getting back into an account whose password is lost. */
const RECOVERY = new Set(['reset', 'forgot', 'forgotten', 'recover', 'recovery', 'restore', 'lost', 'reminder', 'remind']);
const PASSWORD = new Set(['password', 'passwords', 'passwd', 'pwd', 'pass']);
/**
 * Said of a password, "forget" is "forgot" as many sites spell it (`/forgetPassword`); alone it is the right to be
 * forgotten (`/users/forget`), which erases an account.
 */
const recovers = (said: readonly string[]) => said.some((w) => RECOVERY.has(w)) || (said.includes('forget') && said.some((w) => PASSWORD.has(w)));
/**
 * Setting a new password with the mailed token, named for the setting rather than the reset
 * (`/set_password/<token>`, `/update_new_pwd/<token>`): a logged-in user's change takes no token.
 */
const SETTING = new Set(['set', 'new', 'update', 'change', 'choose', 'save']);
const NEW_PASSWORD_LINK = /<[^>]*token>/i;

/**
 * A password reset by what the route says and does: a reset (forgot, recover, restore) route, or a
 * view so named, that speaks of passwords (or mails the link) and never asks who the caller is. It covers each step a
 * stranger takes, the request (`POST /reset_password/request`, `POST /api/tokens/reset` mailing a
 * link) and the new password sent with the mailed token (`/restore/<token>`). A route on one user's
 * record (`/users/<int:id>/reset`) or under admin paths resets someone else's password.
 */
export function isPasswordResetRequest(rule: string, viewName: string, viewText: string): boolean {
  const said = [...words(rule), ...words(viewName)];
  const settingWithToken = NEW_PASSWORD_LINK.test(rule) && said.some((w) => SETTING.has(w)) && said.some((w) => PASSWORD.has(w));
  if (!(recovers(said) || settingWithToken) || onRecord(rule)) return false;
  // The way to the reset may pass through users or tokens, never through admin or management paths.
  if (words(rule).some((w) => SENSITIVE.has(w) && !SIGN_UP_COLLECTIONS.has(w) && w !== 'token' && w !== 'tokens')) return false;
  // A reset that mails something (`send_reset_mail(user)`) mails the link to a new password, whether or not it says so;
  // one that takes the mailed token (`/reset/<token>`) is the step after, whatever helper it hands the token to.
  const mailsOrTakesLink = /password|mail/i.test(viewText) || MAILED_TOKEN.test(rule);
  // `account_recovery`, `/account/recover`, `/users/recovery`: the way back into a lost account, whatever the page asks for
  // (restoring, unlike recovering, also brings back deleted users).
  const recoversAccount = said.some((w) => w === 'recover' || w === 'recovery') && said.some((w) => SIGN_UP_COLLECTIONS.has(w));
  return (said.some((w) => PASSWORD.has(w) || w === 'forgot') || mailsOrTakesLink || recoversAccount) && !READS_CALLER.test(viewText);
}

const CONFIRMING = new Set(['confirm', 'confirmation', 'verify', 'verification', 'activate', 'activation', 'validate', 'invite', 'invitation', 'join']);
const SIGN_UP_PATHS = new Set(['auth', 'registration', 'register', 'signup']);
const OF_ACCOUNT = new Set(['email', 'mail', 'account', 'registration', 'signup', 'token']);
const ONE_TIME_CODE = new Set(['otp', 'mfa', '2fa', 'totp', 'passcode']);
const CODE_STEPS = new Set(['send', 'resend', 'request', 'verify', 'validate', 'check', 'confirm']);
/** What a code texted to the phone is called (`/sms_captcha`, `/sms/send_code`): a verification code, not a message of one's own. */
const TEXTED_CODE = new Set(['captcha', 'code', 'vcode', 'verification', 'otp']);
/** Asking for the sign-up's confirmation mail again (`/resend-confirmation`, `send_verification_email`). */
const RESEND_CONFIRMATION = /^(re)?send_(email_)?(confirmation|verification|activation)(_(email|mail|link|code))?$/;

/**
 * The steps of signing up and logging in that strangers take with what was mailed to them: confirming
 * an email address, activating an account or taking up an invitation (`/confirm_email/<token>`,
 * `/auth/activate`, `/invite/<token>`), asking for that mail again, and sending
 * or checking a one-time code (`/send-otp`, `/verify-otp`, a code texted by `/sms_captcha`). A route on a record
 * (`/users/<int:id>/activate`) or under a sensitive path is an administrator's.
 */
export function isAccountConfirmation(rule: string, viewName: string, viewText: string): boolean {
  // A mailed link may name its user beside its token (`/join/<int:user_id>/<token>`): the token is the credential.
  const mailedToken = MAILED_TOKEN.test(rule);
  if ((onRecord(rule) && !mailedToken) || words(rule).some((w) => SENSITIVE.has(w) && !SIGN_UP_COLLECTIONS.has(w) && w !== 'token')) return false;
  const said = new Set([...words(rule), ...words(viewName)]);
  const has = (set: ReadonlySet<string>) => [...said].some((w) => set.has(w));
  if (has(ONE_TIME_CODE)) return has(CODE_STEPS);
  if (said.has('sms')) return has(TEXTED_CODE);
  if (!has(CONFIRMING)) return false;
  // A mailed link carries its token in the path (`/confirm_email/<token>`); the sign-up flow's own steps
  // live under its path (`/auth/activate`) or are named for the account (`ActivateAccount`). A view that
  // asks who is calling (mailing a verification link to the logged-in user) is no stranger's step.
  if (mailedToken || words(rule).some((w) => SIGN_UP_PATHS.has(w))) return true;
  const resend = [words(viewName).join('_'), staticSegments(rule).pop()?.toLowerCase().replace(/-/g, '_')].some((n) => n && RESEND_CONFIRMATION.test(n));
  return (has(OF_ACCOUNT) || resend) && !READS_CALLER.test(viewText);
}

/** A last parameter that carries the link's own credential (`/confirm/<token>`, `/share/<public_id>/download`). */
const CAPABILITY_PARAM = /<(?:\w+:)?(\w*(?:token|code|hash|signature|public_id|share_id|secret))>[^<]*$/i;
/** The same, less the names that also serve as plain identifiers (`/countries/<code>`, `/files/<hash>`). */
const SECRET_PARAM = /^\w*(token|signature|public_id|share_id|secret)$/i;
const ADMINISTRATIVE = new Set(['admin', 'admins', 'administrator', 'administration', 'config', 'configuration', 'settings', 'internal', 'debug', 'manage', 'management', 'manager']);

/** Is the rule's last parameter one that carries its own credential? */
export function carriesCapability(rule: string): boolean {
  return CAPABILITY_PARAM.test(rule);
}

/**
 * A share link (`GET /exports/<token>`, `/uploads/share/<share_token>`): a read whose last parameter is a secret the
 * view looks its record up by. The token in the URL is the access check; a link under an administrative path is not
 * one handed to strangers.
 */
export function isCapabilityLink(rule: string, methods: readonly string[], body: SyntaxNode | undefined): boolean {
  const param = CAPABILITY_PARAM.exec(rule)?.[1];
  if (!param || !SECRET_PARAM.test(param) || methods.some((m) => WRITE_METHODS.has(m))) return false;
  if (words(rule).some((w) => ADMINISTRATIVE.has(w))) return false;
  return !!body?.find('identifier').some((n) => n.text === param);
}

/** The static segments of a rule: `/api/users/<int:id>/edit` → [api, users, edit]. */
export function staticSegments(rule: string): string[] {
  return rule.split('/').filter((s) => s && !s.startsWith('<'));
}

/**
 * RULES.md: a route that accepts a write is sensitive, whatever its view does with it (a page that only renders a
 * template for the POST it accepts is reported all the same).
 */
export function isSensitive(rule: string, viewName: string, methods: readonly string[]): boolean {
  if (methods.some((m) => WRITE_METHODS.has(m))) return true;
  return [...words(rule), ...words(viewName)].some((w) => SENSITIVE.has(w)) || words(rule).some((w) => RUN_TOGETHER.test(w));
}

/**
 * Paths that run their words together (`/admindashboard`, `/deleteuser`, `/staffmanagements`): the
 * strongest words only, at either end, so `/keyboard` or `/userguide` stay plain. Users count with a
 * word that lists or describes them (`/userlist`, `/userinfo`, `/allusers`), not with any (`/username`).
 */
const RUN_TOGETHER = new RegExp([
  '^(admin|delete|remove|manage|config|settings|export|upload|secret)[a-z]+$',
  '^[a-z]+(admin|accounts?|managements?|settings|config|secrets?|uploads?|exports?|users)$',
  '^users?(lists?|data|details?|info|records?|profiles?)$',
].join('|'));

/**
 * The static segments of a rule as words are joined in names: lower case, `-` and camelCase's capitals as `_`
 * (`/forgotPassword` as `forgot_password`), `/login.html` as `login`.
 */
function pathWords(rule: string): string[] {
  return staticSegments(rule).map((s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/-/g, '_').replace(/\.(html?|php|aspx?|jsp)$/, ''));
}

/**
 * Words beside a login that make it something else: the records of past logins (`/login/history`,
 * `login_attempts`), logging in as someone else or without credentials (`login_as`, `force_login`).
 */
const NOT_A_WAY_IN = new Set([
  'history', 'attempt', 'attempts', 'log', 'logs', 'record', 'records', 'audit', 'audits', 'stat', 'stats', 'statistics', 'event', 'events',
  'activity', 'activities', 'report', 'reports', 'failure', 'failures', 'failed', 'count', 'counts', 'list', 'device', 'devices', 'sessions',
  'as', 'impersonate', 'impersonation', 'sudo', 'force', 'fake', 'mock', 'test', 'dev', 'backdoor', 'bypass', 'override',
  // Acting on the sign-ups others made (`/register/approve`, `/signup/pending`) is an administrator's work.
  'approve', 'approval', 'approvals', 'reject', 'deny', 'cancel', 'update', 'edit', 'review', 'pending',
]);

/** Whom a login lets in, though the word is sensitive elsewhere: `/admin_login`, `/login/manager`. */
const LOGIN_FOR = new Set(['admin', 'admins', 'administrator', 'manager']);

/** The words for each way in: registering (`register_doctor`) is signing up under another name. */
const WAYS_IN = { login: ['login', 'signin'], signup: ['signup'], register: ['register', 'registration'] } as const;
type WayIn = keyof typeof WAYS_IN;

/** The one word beside a way in (`login_teacher`, `doctor_login`, `sign_in_google`, `school_sign_up`): `_`-joined words. */
function wordBeside(joined: string, way: WayIn): string | undefined {
  const parts = joined.replace(/(^|_)(log|sign)_(in|up)(?=_|$)/g, '$1$2$3').split('_');
  const ways: readonly string[] = WAYS_IN[way];
  const at = parts.findIndex((w) => ways.includes(w));
  const other = parts.length === 2 && at >= 0 ? parts[1 - at]! : undefined;
  return other !== undefined && !ways.includes(other) && !NOT_A_WAY_IN.has(other) ? other : undefined;
}

/** The word beside a way in, said by the view's name or by the path's last words. */
function wayInQualifier(rule: string, viewName: string, way: WayIn): string | undefined {
  const segments = pathWords(rule);
  return [words(viewName).join('_'), ...segments.map((_, i) => segments.slice(i).join('_'))].map((n) => wordBeside(n, way)).find(Boolean);
}

/**
 * A login for one kind of user or through one provider (`POST /login/teachers` by `login_teacher`,
 * `/doctor-login`, `/admin_login`): named by a login and one word beside it, on no record and no other sensitive path, and
 * taking a password. The word alone may make it something else (`login_redirect`, `maintain_login`); a sensitive one
 * other than whom it lets in does (`login_settings`).
 */
export function isQualifiedLogin(rule: string, viewName: string, viewText: string): boolean {
  const whom = wayInQualifier(rule, viewName, 'login');
  if (whom === undefined || (SENSITIVE.has(whom) && !LOGIN_FOR.has(whom))) return false;
  return !onRecord(rule) && !onSensitivePath(rule, whom) && takesPasswordFromStranger(viewText);
}

/**
 * A sign-up for one kind of member (`/school_sign_up`, `teacher_signup`, `/register/doctor`): named by a sign-up and one
 * word beside it, on no record and no sensitive path, and never asking who the caller is. One registers things as well as
 * people (`/register_appointment`, `register_device`): a registration is a sign-up only when it takes the newcomer's password.
 * An admin's sign-up (`admin_signup`, `/register/admin`) open to anyone makes admins of strangers.
 */
export function isQualifiedSignUp(rule: string, viewName: string, viewText: string): boolean {
  const signUp = qualifiesWayIn(rule, viewName, 'signup') && !READS_CALLER.test(viewText);
  return signUp || (qualifiesWayIn(rule, viewName, 'register') && takesPasswordFromStranger(viewText));
}

/** Words for the code that serves a route or the method it answers, not for what it registers: `register_route`, `registerGet`. */
const SERVING_CODE = new Set(['route', 'routes', 'controller', 'func', 'function', 'fn', 'method', 'get', 'put']);

/**
 * `POST /files/register` served by `register_file`: one registers things as well as people, so a path that ends in
 * `register` is no sign-up when it takes a write, its view is named for registering one thing (not a user, nor the way
 * in's own code) and shows no account: it takes no password and signs nobody in. A sign-up that hands all its work to a
 * service (`register(): return service.register(request.json)`) keeps the path's word.
 */
export function registersAThing(rule: string, viewName: string, methods: readonly string[], view: SyntaxNode): boolean {
  const last = pathWords(rule).pop();
  if ((last !== 'register' && last !== 'registration') || !methods.some((m) => WRITE_METHODS.has(m))) return false;
  const joined = words(viewName).join('_');
  const what = wordBeside(joined, 'register');
  if (what === undefined || WAY_IN_NAME.test(joined) || SERVING_CODE.has(what)) return false;
  return !takesPasswordFromStranger(view.text) && !signsInNewRecord(view);
}

/** Named by the way in and one plain word beside it (not a sensitive one), on no record and no sensitive path. */
function qualifiesWayIn(rule: string, viewName: string, way: WayIn): boolean {
  const whom = wayInQualifier(rule, viewName, way);
  return whom !== undefined && !SENSITIVE.has(whom) && !onRecord(rule) && !onSensitivePath(rule);
}

/** A path parameter that names a user (`<int:user_id>`, `<uid>`, `<member_id>`). */
const USER_PARAM = /<[^>]*(user|uid|account|member)[^>]*>/i;
const TENANT_WAY_IN = /^(login|log_in|signin|sign_in|signup|sign_up)$/;

/**
 * One tenant's login or sign-up page (`/lib<id>/login`, `/schools/<int:school_id>/signup`): the record is whose door it
 * is, not whom it lets in. A path through users or admin, or a parameter naming a user, makes it someone's record
 * (`/users/<int:uid>/login` logs in as them); a view that asks who is calling acts for a member.
 */
export function isTenantWayIn(rule: string, viewText: string): boolean {
  const last = rule.split('/').pop()?.toLowerCase().replace(/-/g, '_') ?? '';
  if (!TENANT_WAY_IN.test(last) || !onRecord(rule) || USER_PARAM.test(rule)) return false;
  return !words(rule).some((w) => SENSITIVE.has(w)) && !READS_CALLER.test(viewText);
}

/**
 * `def login` mounted at `/admin/`: a view named for logging in that takes a password lets its callers in, whatever
 * its path says (the sensitive word names whom it lets in). On a record (`/users/<id>/login`) it logs in as someone else.
 */
export function isNamedLogin(rule: string, viewName: string, viewText: string): boolean {
  return /^(log_?in|sign_?in)$/.test(words(viewName).join('_')) && !onRecord(rule) && takesPasswordFromStranger(viewText);
}

/**
 * A login by what the view does, whatever it is called (`POST /api/verify-user`): a form post that checks a password and
 * hands the caller a session or a token (`login_user(user)`, `create_access_token(...)`, `return {'token': user.token}`), and
 * never asks who the caller is. On a record or an administrative path it checks someone else's password.
 */
export function isLoginByDeeds(rule: string, methods: readonly string[], view: SyntaxNode): boolean {
  // A login posts its form; a PATCH that checks the password (changing one's username) is an edit that re-authenticates.
  if (!methods.includes('POST') || methods.some((m) => m !== 'POST' && m !== 'GET')) return false;
  const text = view.text;
  if (onRecord(rule) || onSensitivePath(rule) || READS_CALLER.test(text) || !PASSWORD_CHECK_CALL.test(text)) return false;
  const body = view.field_('body');
  return ownNodes(body, ['call']).some(signsIn) || answersWithToken(body);
}

/**
 * A logout by what the view does, whatever its path says (`POST /token/remove`): it signs the caller out
 * (`logout_user()`, `unset_jwt_cookies(resp)`, `session.clear()`) and does nothing else but answer.
 * On a record (`/users/<id>/logout`) it signs someone else out.
 */
export function isLogoutByDeeds(rule: string, view: SyntaxNode): boolean {
  if (onRecord(rule)) return false;
  const called = ownNodes(view.field_('body'), ['call']).map((c) => callParts(c)?.name ?? '');
  return called.some((n) => SIGN_OUT_CALL.test(n)) && called.every((n) => SIGN_OUT_CALL.test(n) || ANSWERS.test(lastName(n) ?? ''));
}

const SIGN_OUT_CALL = /^((flask_login\.)?logout_user|(flask_jwt_extended\.)?unset_(jwt|access|refresh)_cookies|(flask\.)?session\.clear)$/;
/** Calls that only build the answer. */
const ANSWERS = /^(jsonify|make_response|redirect|url_for|flash|render_template|Response|delete_cookie)$/;

/** What an account's token or API key is called where it is read off the account: `user.token`, `account.api_key`, `u.jwt`; not a CSRF token. */
const TOKEN_ATTRIBUTE = /^(?!csrf)(\w+_)?(token|jwt|api_?key)$/i;

/**
 * `return {'token': user.token}`, `return jsonify(token=user.get_token())`, `return {'key': account.api_key}`: the view
 * answers with a token (or API key) read off the account or made for it. FG101 reads a way in by it, FG309 a login.
 */
export function answersWithToken(body: SyntaxNode | undefined): boolean {
  return ownNodes(body, ['return_statement']).some(
    (ret) => ret.find('attribute').some((a) => TOKEN_ATTRIBUTE.test(a.field_('attribute')?.text ?? '')) || ret.find('call').some((c) => /^(?!.*csrf).*(token|jwt)/i.test(lastName(callParts(c)?.name) ?? '')),
  );
}

/** Login, logout, token issuing, the index, health checks, docs... */
export function isPublicByNature(rule: string, viewName: string, methods: readonly string[]): boolean {
  const readOnly = methods.every((m) => !WRITE_METHODS.has(m));
  // `/login.html`: sites that name their pages like files.
  const segments = pathWords(rule);
  const last = segments[segments.length - 1];
  // RULES.md: the index `/` is public by nature, whatever methods its form accepts.
  if (rule === '/' || rule === '') return true;
  if (segments[0] === 'static' && readOnly) return true;
  // RFC 8615's `/.well-known/...` (OpenID discovery, JWKS, security.txt) is published for anyone to fetch.
  if (segments[0] === '.well_known' && readOnly) return true;
  // `GET /api/v2`: the API's own index (a welcome, a list of its services), as `/` is the site's.
  if (readOnly && segments.length > 0 && segments.every((s) => API_ROOT.test(s))) return true;
  // `/api/queries/<id>/refresh`, `/api/users/<user_id>/reset_password`: an action on one record is no way in.
  const record = onRecord(rule);
  if (last && PUBLIC_ANY.test(last) && !record) return true;
  const plainPath = !words(rule).some((w) => SENSITIVE.has(w));
  // `/logout/access`, `/logout/all`: signing out of something is still signing out.
  if (plainPath && !record && segments.some((s) => SIGN_OUT.test(s))) return true;
  // `POST /access-tokens`: issuing tokens (listing them with GET is another matter).
  if (last && ISSUED_TOKENS.test(last) && methods.length > 0 && methods.every((m) => m === 'POST') && !record) return true;
  if (last && plainPath && (STRANGER_FORMS.test(last) || (readOnly && SITE_PAGES.test(last)))) return true;
  if (last && readOnly && !record && AM_I_IN.test(last) && !words(segments.slice(0, -1).join('/')).some((w) => SENSITIVE.has(w))) return true;
  // `/auth/login/<provider>`, `/password/reset/<token>`: the last static words decide.
  if (segments.length >= 2 && PUBLIC_ANY.test(segments.slice(-2).join('_')) && !record) return true;
  // `/auth/kakao`: signing in with an identity provider (exchanging its code or token for the site's session).
  if (last && segments.length >= 2 && IDENTITY_PROVIDER.test(last) && SIGN_IN_VIA.test(segments[segments.length - 2]!) && !record) return true;
  if (last && readOnly && PUBLIC_READ.test(last)) return true;
  if (last && readOnly && plainPath && !record && isCaptchaChallenge(last, viewName)) return true;
  const name = viewName.toLowerCase();
  // A probe takes nothing from its path: a view named `health` on `/users/<id>` reports on someone.
  if (readOnly && PROBE_NAME.test(name) && !rule.includes('<')) return true;
  // A view named `reset_password` on `/users/<int:id>/reset` acts on one user's record: someone else's.
  if (PUBLIC_ANY.test(name)) return (last === undefined || !SENSITIVE.has(last)) && !record;
  // Named (view or path) for sign-up or login, on the collection itself (`/api/users`, `/register/user`; not `/admin/users`,
  // `/users/<id>`, nor `/users/<int:id>/login`, which logs in as someone else).
  const onCollection = !rule.split('/').filter(Boolean).pop()?.startsWith('<') && !record;
  return isNamedWayIn(rule, viewName) && onCollection && words(rule).every((w) => !SENSITIVE.has(w) || SIGN_UP_COLLECTIONS.has(w));
}

/** Where a code is sent rather than shown: a code mailed or texted to an address is a step of someone's account flow. */
const SENT_TO = new Set(['email', 'mail', 'sms', 'phone', 'mobile', 'telephone', 'tel', 'text']);

/**
 * `GET /captcha/`, `/graph_captcha.png`: the challenge the login and sign-up forms show to callers not yet signed in,
 * read by anyone by nature. A code mailed or texted (`/email_captcha`) is not shown on the page.
 */
function isCaptchaChallenge(last: string, viewName: string): boolean {
  const said = [...words(last), ...words(viewName)];
  return words(last).some((w) => w === 'captcha' || w === 'captchas') && !said.some((w) => SENT_TO.has(w));
}

/** Named, by its view or the path's last words (`/api/v1/login/submit`), for signing up, in or out. */
export function isNamedWayIn(rule: string, viewName: string): boolean {
  const segments = pathWords(rule);
  return WAY_IN_NAME.test(words(viewName).join('_')) || segments.some((_, i) => WAY_IN_NAME.test(segments.slice(i).join('_')));
}

/**
 * The template a read only renders, with nothing from the app or the request (a docstring aside), on no record and no
 * sensitive path but users': `GET /users/form` doing `return render_template('user_form.html')`. Such a page shows a form,
 * and is the way in's when the template is (`signup.html`, or the one the sign-up view renders back on error).
 */
export function plainFormPage(rule: string, methods: readonly string[], view: SyntaxNode): string | undefined {
  if (methods.some((m) => WRITE_METHODS.has(m)) || rule.includes('<') || onSensitivePath(rule)) return undefined;
  const body = statements(view.field_('body')).filter((s) => !(s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string'));
  const only = body.length === 1 && body[0]!.type === 'return_statement' ? callParts(body[0]!.namedChildren[0]) : undefined;
  if (!only || lastName(only.name) !== 'render_template' || only.positional.length !== 1 || only.keywords.size || only.splat) return undefined;
  return stringValue(only.positional[0]);
}

/** A template named for the way in: `auth/register.html`, `signup_form.html`. */
export function isWayInTemplate(template: string): boolean {
  return WAY_IN_NAME.test(words(template.split('/').pop()!.replace(/\.\w+$/, '')).join('_'));
}

/** Joins URL prefixes the way Flask does (no doubled or missing slashes). */
export function joinRule(...parts: (string | undefined)[]): string {
  let out = '';
  for (const part of parts) {
    if (!part) continue;
    const p = part.startsWith('/') ? part : '/' + part;
    out = out.endsWith('/') ? out.slice(0, -1) + p : out + p;
  }
  return out || '/';
}

/** Does a user's public-route entry (a rule, a glob with `*`, or an endpoint) name this route? */
export function matchesPublicSetting(entry: string, rule: string, endpoint: string): boolean {
  if (entry === endpoint || entry === rule) return true;
  if (!entry.includes('*')) return false;
  const re = new RegExp('^' + entry.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return re.test(rule) || re.test(endpoint);
}
