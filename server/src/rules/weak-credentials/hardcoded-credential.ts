import { localAssignments, unitFacts } from '../../analysis/facts';
import { stringValue, unwrap } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { ensureModuleImport } from '../../fixes/imports';
import { comparisons, credentialSides, isPasswordScreen, type Comparison } from './comparisons';
import { settingsSummary } from './configured';
import { constantReturn, digestReturn, hardcoded, hashedCredential, sentence, type CredentialInput } from './credentials';
import { liveFile, syntaxScope, unitScopes, type FunctionScope } from './scope';
import { defineRule, type Fix } from '../types';

export default defineRule({
  meta: {
    code: 'FG202',
    name: 'hardcoded-credential',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [798],
    summary: 'A credential from the request is checked against a value written in the source code.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Read the constant from `os.environ`' },
    docs: {
      whatItDoes:
        'Finds API keys, tokens and passwords from the request (headers, query, form, JSON, cookies, Basic auth, and the ' +
        'credential parameters of auth callbacks) compared with a string literal, or with a constant, a set, a list or a dict ' +
        'whose values are literals, or what a project function that takes nothing returns when that is such a value ' +
        '(`token in get_tokens()`): `==`, `!=`, `in`, `hmac.compare_digest`, lookups such as `KEYS.get(key)` and Stripe\'s ' +
        '`Webhook.construct_event`; a credential hashed by hand first (`sha256(pw).hexdigest() == ADMIN_HASH`) too. Constants ' +
        'read from the environment (pydantic `BaseSettings` fields included), a configuration file loader or a secrets store ' +
        'are not reported; neither are comparisons ' +
        'of the `Authorization` scheme (`bearer`), nor a password screened against known values: one the function hashes for ' +
        'storage (a sign-up refusing `COMMON_PASSWORDS` is choosing a password, not checking one), or one a predicate named ' +
        'for the screen tests (`is_default_password`).',
      whyIsThisBad:
        'A credential in the code is in every clone, fork, backup, container image and CI log of the repository, and it ' +
        'cannot be rotated without a deploy. Anyone who has read the code can call the API as its owner; leaked keys of this ' +
        'kind are harvested from public repositories within minutes.',
      example: [
        'import hmac',
        '',
        'from flask import Flask, abort, request',
        '',
        'app = Flask(__name__)',
        "DEPLOY_TOKEN = 'whsec_prod_91be02'",
        '',
        "@app.post('/hooks/deploy')",
        'def deploy_hook():',
        "    if not hmac.compare_digest(request.headers.get('X-Deploy-Token', ''), DEPLOY_TOKEN):",
        '        abort(403)',
        "    return '', 204",
        '',
      ].join('\n'),
      useInstead: [
        'import hmac',
        'import os',
        '',
        'from flask import Flask, abort, request',
        '',
        'app = Flask(__name__)',
        "DEPLOY_TOKEN = os.environ['DEPLOY_TOKEN']",
        '',
        "@app.post('/hooks/deploy')",
        'def deploy_hook():',
        "    if not hmac.compare_digest(request.headers.get('X-Deploy-Token', ''), DEPLOY_TOKEN):",
        '        abort(403)',
        "    return '', 204",
        '',
      ].join('\n'),
      fixSafety:
        'When the credential is a module constant assigned from one string literal, the fix reads the constant from ' +
        '`os.environ["<NAME>"]` instead (adding `import os`). Unsafe: the app fails at start-up until the deployment sets ' +
        'the variable, and the old key (which is public now) should be rotated, not copied there. Inline literals, ' +
        'collections and dicts have no automatic fix.',
      references: ['https://cwe.mitre.org/data/definitions/798.html', 'https://flask.palletsprojects.com/en/latest/config/#configuring-from-environment-variables'],
    },
  },
  summarize(unit, file) {
    // Callers compare with what a signing helper returns (`sign(request.data)`), with what a function that takes
    // nothing returns (`get_tokens()`) and with settings (`config['API_KEY']`): when any changes, so do their verdicts.
    const helpers = unitFacts(unit).functions.flatMap((f) => {
      const scope = syntaxScope(f);
      const value = digestReturn(scope) ?? constantReturn(scope);
      // A function that takes nothing may bind its literals to a local name first: what the name is bound to decides too.
      const bound = value?.type === 'identifier' ? localAssignments(f, value.text).map((a) => `=${a.value.text}`).join('') : '';
      return value ? [`${f.qualname}:${value.text}${bound}`] : [];
    });
    return [...helpers, settingsSummary(unit, file)].join(';');
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      // `if token in TOKENS: return TOKENS[token]` is one check against one constant: reported once.
      const seen = new Set<string>();
      for (const c of comparisons(scope)) {
        const sides = credentialSides(scope, c) ?? hashedSides(scope, c);
        const value = sides && hardcoded(scope, sides.other);
        if (!sides || !value || seen.has(`${sides.inputNode.text}\0${value}`) || isPasswordScreen(scope, sides.input, sides.inputNode)) continue;
        seen.add(`${sides.inputNode.text}\0${value}`);
        const verb = c.keyed ? 'verified with' : c.op === 'lookup' ? 'looked up in' : c.op === 'in' || c.op === 'not in' ? 'checked against' : 'compared with';
        ctx.report(ctx.file, c.node, `${sentence(sides.input.label)} is ${verb} ${value}: the credential is in the source code; load the expected value from the environment or a secrets store`, {
          fixes: () => environFix(scope, sides.other),
        });
      }
    }
  },
});

/**
 * `sha256(password.encode()).hexdigest() == ADMIN_HASH`: a credential hashed by hand before the comparison is
 * still the client's credential, and a digest written in the code (or the digest of a literal) still fixes it.
 */
function hashedSides(scope: FunctionScope, c: Comparison): { input: CredentialInput; inputNode: SyntaxNode; other: SyntaxNode } | undefined {
  if (c.op !== '==' && c.op !== '!=' && c.op !== 'constant-time') return undefined;
  for (const [a, b] of [[c.left, c.right], [c.right, c.left]] as const) {
    const input = hashedCredential(scope, a);
    if (input) return { input: { ...input, label: `the digest of ${input.label}` }, inputNode: a, other: b };
  }
  return undefined;
}

/** `API_KEY = 'sk_live_...'` at module level becomes `API_KEY = os.environ['API_KEY']`. */
function environFix(scope: FunctionScope, other: SyntaxNode): Fix[] {
  const name = unwrap(other);
  if (name?.type !== 'identifier') return [];
  const b = scope.workspace.resolveName(scope.file, name.text, scope.fact);
  if (b?.kind !== 'value' || b.file !== scope.file || b.fact.scope || b.fact.className || stringValue(unwrap(b.fact.value)) === undefined) return [];
  const edits: Fix['edits'] = [{ kind: 'replace', file: scope.file.path, start: b.fact.value.start, end: b.fact.value.end, text: `os.environ["${name.text}"]` }];
  const imp = ensureModuleImport(liveFile(scope.workspace, scope.file), 'os');
  if (imp) edits.push(imp);
  return [{ title: `Read \`${name.text}\` from \`os.environ\``, applicability: 'unsafe', edits }];
}
