import { containsRejection } from '../../analysis/auth';
import { requestSource, type RequestSource } from '../../analysis/dataflow';
import { calledName, callParts, sequenceItems, stringValue, unwrap, words } from '../../analysis/python';
import { isAccountConfirmation, isPasswordResetRequest } from '../../analysis/routes';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import { isCredentialWord, isPinNumber, LINK_PURPOSE } from './credentials';
import { comparisons } from './comparisons';
import { isViewFunction, liveFile, nodesOf, routeRule, scopeAt, unitScopes, type FunctionScope } from './scope';
import { defineRule, type Fix } from '../types';

/** OAuth 1.0a callbacks carry these in the query string by specification. */
const OAUTH1 = /^oauth_(token|verifier)$/i;
/** Words of what a client sends on every request: never the token of a mailed link. */
const STANDING = new Set(['api', 'apikey', 'access', 'bearer', 'auth', 'authorization', 'session', 'secret']);
/** What a mailed link calls its token (`?token=`, `?sig=`), as opposed to a password sent in the URL. */
const LINK_TOKEN = /^(token|key|sig|signature)$/i;

export default defineRule({
  meta: {
    code: 'FG207',
    name: 'credential-in-query-string',
    family: 'weak-credentials',
    severity: 'warning',
    cwe: [598],
    summary: 'An API key, token or password is read from the query string.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Stop accepting it from the query string' },
    docs: {
      whatItDoes:
        'Reports reads of credential-named query parameters: `request.args.get("api_key")`, `request.args["token"]`, a ' +
        'parameter of any name read straight into a credential-named variable (`new_password = request.args.get("new")`), and ' +
        '`request.values` (which includes the query string), wherever they appear, including as a fallback after a header and in a ' +
        'helper every caller hands `request.args` (`def check(args): ... args["pwd"]`), and ' +
        'Flask-RESTful / RESTX request-parser arguments read from there (`parser.add_argument("api_token", location="args")`). ' +
        'A password is also known by its name in other languages (`mdp`, `mot_de_passe`, `passwort`, `contraseña`, `senha`). ' +
        'The token of a one-time link is not reported: one named for it (`reset_token`), or the plain `token` that the view ' +
        'of a password-reset or address-confirmation link reads. Nor is the signature of a signed URL (`?signature=`, ' +
        '`?sig=`), which is only good for that URL. A mailed link can only carry it in the URL, as ' +
        '`/reset/<token>` does in its path. Nor is an anti-CSRF token: one checked against CSRF-named values ' +
        '(`token in csrf_tokens`, `== session["csrf_token"]`, `validate_csrf(token)`) proves the request came from the ' +
        'app\'s own page, not who sent it.',
      whyIsThisBad:
        'URLs are written to web server and proxy access logs, browser history, bookmarks and analytics, and they leak to ' +
        'other sites in the `Referer` header. A key accepted in the query string ends up in all of them; clients that can ' +
        'send it there will.',
      example: [
        'from flask import Flask, abort, request',
        '',
        'from keys import lookup_key',
        '',
        'app = Flask(__name__)',
        '',
        "@app.get('/stats')",
        'def stats():',
        "    if lookup_key(request.args.get('api_key') or request.headers.get('X-API-Key', '')) is None:",
        '        abort(401)',
        "    return 'ok'",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, abort, request',
        '',
        'from keys import lookup_key',
        '',
        'app = Flask(__name__)',
        '',
        "@app.get('/stats')",
        'def stats():',
        "    if lookup_key(request.headers.get('X-API-Key', '')) is None:",
        '        abort(401)',
        "    return 'ok'",
        '',
      ].join('\n'),
      fixSafety:
        'When the query parameter is a fallback for a header (`request.args.get("api_key") or request.headers.get(...)`), ' +
        'the fix removes the fallback. Unsafe: clients that send the key in the URL are refused until they move it to the ' +
        'header. A query parameter read on its own has no automatic fix.',
      references: ['https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url', 'https://datatracker.ietf.org/doc/html/rfc6750#section-5.3'],
    },
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    const scopes = unitScopes(unit, ctx.file, ctx.workspace);
    // A helper handed `request.args` may read it under any name.
    if (!/\b(args|values)\b/.test(unit.text) && !scopes.some((s) => s.seeds)) return;
    for (const node of parserReads(unit.root)) {
      const name = stringValue(callParts(node)!.positional[0])!;
      if (isLinkToken(scopes, node, name)) continue;
      ctx.report(ctx.file, node, `\`${name}\` is read from the query string by the request parser, so it lands in access logs, browser history and Referer headers; accept it only in a header (\`location='headers'\`)`);
    }
    const sourceAt = readerOf(scopes);
    const reads = credentialReads(unit.root, sourceAt).filter((read) => !isLinkToken(scopes, read.node, read.name) && !isCsrfToken(scopes, read.node));
    for (const { node, source, keptAs } of firstReads(reads, sourceAt)) {
      const parts = callParts(node);
      const param = (parts ? stringValue(parts.positional[0]) : stringValue(node.field_('subscript'))) ?? source.name;
      const named = keptAs ? `\`${param}\` (kept as \`${keptAs}\`)` : `\`${param}\``;
      const where = source.kind === 'values' ? '`request.values` (which includes the query string)' : 'the query string';
      ctx.report(ctx.file, node, `${named} is read from ${where}, so it lands in access logs, browser history and Referer headers; accept it only in a header (\`Authorization\` or \`X-API-Key\`)`, {
        fixes: () => dropFallback(liveFile(ctx.workspace, ctx.file), node, sourceAt),
      });
    }
  },
});

/** Query-string parameters a credential may be named as (not the OAuth 1.0a ones, which belong there). */
function isCredentialParameter(name: string | undefined): name is string {
  return isCredentialWord(name) && !OAUTH1.test(name!) && !isUrlSignature(name!);
}

/**
 * `?signature=`, `?sig=`: a signed URL carries its signature in the query by design, and the signature is only
 * good for that URL (what RULES.md names for FG207 is a key, a token or a password).
 */
function isUrlSignature(name: string): boolean {
  const said = words(name);
  return /^(signature|sig)$/.test(said[said.length - 1] ?? '') && !said.some((w) => STANDING.has(w));
}

/**
 * Flask-RESTful / Flask-RESTX `parser.add_argument('api_token', location='args')`: the parser reads the
 * credential from the query string. (argparse's `add_argument` takes no `location`.)
 */
function parserReads(root: SyntaxNode): SyntaxNode[] {
  if (!root.text.includes('add_argument')) return [];
  return root.find('call').filter((node) => {
    const parts = callParts(node)!;
    const location = parts.keywords.get('location');
    if (calledName(parts) !== 'add_argument' || !location) return false;
    const name = stringValue(parts.positional[0]);
    const places = sequenceItems(location)?.map(stringValue) ?? [stringValue(location)];
    return isCredentialParameter(name) && !/^keys?$/i.test(name) && places.some((p) => p === 'args' || p === 'values');
  });
}

/**
 * Reads the request at a node: `request.args.get(...)`, or `req.args.get(...)` where every caller hands `request` in
 * as `req` (`args['pwd']` where every caller hands `request.args` in as `args`).
 */
type SourceAt = (node: SyntaxNode) => RequestSource | undefined;

function readerOf(scopes: readonly FunctionScope[]): SourceAt {
  const handedRequest = scopes.some((s) => s.seeds && s.flow.readsHandedRequest);
  return handedRequest ? (node) => requestSource(node) ?? scopeAt(scopes, node)?.flow.sourceOf(node) : (node) => requestSource(node);
}

interface Read {
  node: SyntaxNode;
  source: RequestSource;
  /** The credential's name: the parameter's, else that of the variable it is kept in. */
  name: string;
  /** The variable that names the read a credential, when the parameter's name does not. */
  keptAs?: string;
}

/** Reads of credential-named query parameters, or of any parameter read straight into a credential-named variable. */
function credentialReads(root: SyntaxNode, sourceAt: SourceAt): Read[] {
  return root.find('call', 'subscript').flatMap((node): Read[] => {
    const source = sourceAt(node);
    if (!source || (source.kind !== 'arg' && source.kind !== 'values')) return [];
    // As written: `accessToken` lower-cased is one word.
    const param = source.written ?? source.name;
    if (!isCredentialParameter(param)) {
      const keptAs = credentialVariable(node);
      return keptAs && !isPinNumber(keptAs, node) ? [{ node, source, name: keptAs, keptAs }] : [];
    }
    if (isPinNumber(param, node)) return [];
    // A bare `key` is as often a lookup key; it is a credential when a credential header is its alternative
    // or when the function reading it turns the request away (401/403) as an auth guard does.
    const credential = !/^keys?$/i.test(param) || !!headerFallback(node, sourceAt) || containsRejection(node.ancestor('function_definition')?.field_('body'));
    return credential ? [{ node, source, name: param }] : [];
  });
}

/**
 * `new_password = request.args.get('new')`: the variable a read is assigned to whole names what the parameter
 * carries when its own name (`new`, `p`) does not. A bare `key` names a lookup key as often.
 */
function credentialVariable(read: SyntaxNode): string | undefined {
  const assignment = read.parent;
  const target = assignment?.type === 'assignment' && assignment.field_('right') === read ? assignment.field_('left') : undefined;
  return target?.type === 'identifier' && isCredentialParameter(target.text) && !/^keys?$/i.test(target.text) ? target.text : undefined;
}

/**
 * The token of a one-time link (password reset, address confirmation, invitation): a mailed link carries it
 * in the URL by necessity, as `/reset/<token>` does in its path, and a click sends no header. It is named so
 * (`reset_token`), or it is the plain token the view of a reset or confirmation link reads.
 */
function isLinkToken(scopes: readonly FunctionScope[], read: SyntaxNode, name: string): boolean {
  const said = words(name);
  if (said.some((w) => STANDING.has(w))) return false;
  if (said.some((w) => LINK_PURPOSE.has(w))) return true;
  const view = scopeAt(scopes, read)?.fact;
  if (!view || !isViewFunction(view) || !LINK_TOKEN.test(name)) return false;
  const rule = routeRule(view) ?? '';
  const text = view.node.text;
  return isPasswordResetRequest(rule, view.name, text) || isAccountConfirmation(rule, view.name, text);
}

/** `csrf_tokens`, `session['_csrf_token']`, `validate_csrf`: named for a CSRF token. */
const CSRF = /csrf|xsrf/i;

/**
 * `token = request.args.get('token')` then `if token in csrf_tokens` (or `== session['csrf_token']`,
 * `validate_csrf(token)`): a token checked as the anti-CSRF value proves the request came from the app's own
 * page, not who sent it; the session cookie authenticates. Checked where it is read or in the local it is kept in.
 */
function isCsrfToken(scopes: readonly FunctionScope[], read: SyntaxNode): boolean {
  const scope = scopeAt(scopes, read);
  if (!scope) return false;
  const kept = read.parent?.type === 'assignment' && read.parent.field_('right') === read ? read.parent.field_('left') : undefined;
  const isToken = (n: SyntaxNode) => {
    const e = unwrap(n);
    return e === read || (kept?.type === 'identifier' && e?.type === 'identifier' && e.text === kept.text);
  };
  const checked = comparisons(scope).some((c) => (isToken(c.left) && CSRF.test(c.right.text)) || (isToken(c.right) && CSRF.test(c.left.text)));
  return checked || nodesOf(scope, 'call').some((call) => {
    const parts = callParts(call)!;
    return CSRF.test(parts.name ?? '') && parts.positional.some(isToken);
  });
}

/**
 * One finding per parameter and function: `if not request.args.get('token')` then `decode(request.args['token'])`
 * is one parameter accepted once. The read with a header fallback is kept, since that is the one the fix edits.
 */
function firstReads(reads: Read[], sourceAt: SourceAt): Read[] {
  const kept = new Map<string, Read>();
  for (const read of reads) {
    const key = `${read.node.ancestor('function_definition')?.start ?? -1}:${read.source.kind}:${read.name.toLowerCase()}`;
    const seen = kept.get(key);
    if (!seen || (!headerFallback(seen.node, sourceAt) && headerFallback(read.node, sourceAt))) kept.set(key, read);
  }
  return [...kept.values()];
}

/** `request.args.get('api_key') or request.headers.get('X-API-Key')`: the `or` and the header read. */
function headerFallback(read: SyntaxNode, sourceAt: SourceAt): { or: SyntaxNode; header: SyntaxNode } | undefined {
  let operand = read;
  while (operand.parent?.type === 'parenthesized_expression') operand = operand.parent;
  const or = operand.parent;
  if (or?.type !== 'boolean_operator' || !or.children.some((c) => c.type === 'or')) return undefined;
  const other = or.field_('left') === operand ? or.field_('right') : or.field_('left');
  const source = other && sourceAt(unwrap(other)!);
  if (!other || (source?.kind !== 'header' && source?.kind !== 'authorization') || (source.kind === 'header' && !isCredentialWord(source.name))) return undefined;
  return { or, header: other };
}

/** The fallback form keeps only the header read. */
function dropFallback(file: IndexedFile, read: SyntaxNode, sourceAt: SourceAt): Fix[] {
  const found = headerFallback(read, sourceAt);
  if (!found) return [];
  return [{ title: 'Stop accepting it from the query string', applicability: 'unsafe', edits: [{ kind: 'replace', file: file.path, start: found.or.start, end: found.or.end, text: found.header.text }] }];
}
