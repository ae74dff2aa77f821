import rule from '../../../server/src/rules/session-and-design/open-redirect';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';

const HEAD = lines('from urllib.parse import urlparse', '', 'from flask import Flask, redirect, request, url_for', '', 'app = Flask(__name__)');
const view = (...body: string[]) => HEAD + lines('', '', "@app.route('/after-login')", 'def after_login():', ...body.map((b) => '    ' + b));
const HELPER = lines(
  'def is_safe_redirect_url(target):',
  '    # Only a path on this site: "/next" yes; "//evil.example", "/\\\\evil.example", "https://..." no.',
  '    # Browsers drop tabs and newlines from URLs and read "\\\\" as "/", so those are refused too.',
  "    if not target or any(c in target for c in '\\t\\r\\n'):",
  '        return False',
  "    target = target.replace('\\\\', '/')",
  "    return target.startswith('/') and not target.startswith('//')",
);
const withHelper = (code: string) => code.replace('from flask import Flask, redirect, request, url_for\n', 'from flask import Flask, redirect, request, url_for\n\n\n' + HELPER + '\n');

/** The safe-URL helper is called on a line of its own: its answer is dropped. */
const droppedVerdict = withHelper(view("next_url = request.args.get('next')", 'is_safe_redirect_url(next_url)', 'return redirect(next_url)'));
const orDefault = view("next_url = request.args.get('next')", "return redirect(next_url or url_for('index'))");
const direct = view("return redirect(request.args['url'])");
const form = view("return redirect(request.form.get('return_to', '/'))");
const pathParam = HEAD + lines('', '', "@app.route('/go/<path:target>')", 'def go(target):', '    return redirect(target)');
/** AI-written login views: `startswith('/')` alone passes `//evil.example`, which browsers read as another host. */
const rootPrefixOnly = view("next_page = request.args.get('next')", "if next_page and next_page.startswith('/'):", '    return redirect(next_page)', "return redirect(url_for('index'))");
/** Joining onto our host keeps a relative path local, but an absolute `next` replaces the host: the join is no check by itself. */
const withJoin = (code: string) => code.replace('import urlparse', 'import urljoin, urlparse');
const joinedUnchecked = withJoin(view("return redirect(urljoin(request.host_url, request.args.get('next', '/')))"));
const joinedChecked = withJoin(view("target = request.args.get('next', '/')", 'if urlparse(urljoin(request.host_url, target)).netloc == request.host:', '    return redirect(target)', "return redirect('/')"));
/** "Go back": `request.referrer` is the Referer header, which the page linking here chooses. */
const backToReferrer = view("return redirect(request.referrer)");
const backViaName = view('back = request.referrer', "return redirect(back or url_for('index'))");
/** Round 21: a search on a fixed host whose query the request fills, and names whose every value has a local prefix. */
const searchElsewhere = view("q = request.args.get('q', '')", "url = 'https://search.example.com/find?q={}'.format(q)", 'return redirect(url)');
const localEitherWay = view("name = request.form['name']", 'if not name:', "    target = '/lists/new'", '    return redirect(target)', "target = '/lists/' + name + '/items'", 'return redirect(target)');
const oneBranchRaw = view("target = request.args.get('next')", 'if not target:', "    target = '/home'", 'return redirect(target)');
const placeholderFirst = view("q = request.args.get('q', '')", "return redirect('{}/find'.format(q))");
const hostPlaceholder = view("host = request.args.get('host', '')", "url = 'https://{}/find'.format(host)", 'return redirect(url)');
/** A bare '/' in front of the request value: `'/' + '/evil.example'` is `//evil.example`, another host. */
const slashOnly = view("nxt = request.args.get('next', '')", "return redirect('/' + nxt)");
const slashFString = view("nxt = request.args.get('next', '')", "return redirect(f'/{nxt}')");
const slashQuery = view("q = request.args.get('q', '')", "return redirect('/?q=' + q)");
const viaHelper = HEAD + lines('', '', 'def next_page():', "    return request.values.get('next')", '', '', "@app.route('/done')", 'def done():', '    return redirect(next_page())');

ruleTester(rule, {
  valid: [
    {
      code: view("next_url = request.args.get('next')", 'ensure_local(next_url)', 'return redirect(next_url)').replace("app = Flask(__name__)\n", "app = Flask(__name__)\n\n\ndef ensure_local(url):\n    if urlparse(url).netloc:\n        abort(400)\n").replace('import Flask,', 'import Flask, abort,'),
      name: 'a host check called on a line of its own that aborts by itself',
    },
    { code: joinedChecked, name: 'the netloc of the value joined onto our host is checked inline' },
    { code: { 'tests/test_login.py': view("return redirect(request.args.get('next'))") }, name: 'a route built in a test serves only the test client' },
    { code: view("target = request.args.get('next', '')", 'if not is_safe_url(target):', "    target = url_for('index')", 'return redirect(target)'), name: 'safe-url helper' },
    { code: view("next_url = request.args.get('next', '')", 'if urlparse(next_url).netloc or urlparse(next_url).scheme:', "    next_url = ''", "return redirect(next_url or url_for('index'))"), name: 'urlparse(...).netloc check' },
    { code: view("parts = urlparse(request.args.get('next', ''))", 'if parts.netloc:', "    return redirect('/')", "return redirect(request.args.get('next', '/'))"), name: 'netloc through a variable' },
    { code: view("return redirect(url_for(request.args.get('endpoint', 'index')))"), name: 'url_for builds a local URL' },
    { code: view("dest = request.args.get('to', '')", 'if dest.startswith(request.host_url):', '    return redirect(dest)', "return redirect('/')"), name: 'a prefix check against our own host' },
    { code: view("dest = request.args.get('next', '/')", "if not dest.startswith('/') or '//' in dest:", "    dest = '/'", 'return redirect(dest)'), name: "a root prefix with '//' refused" },
    { code: view("return redirect(f\"/users/{request.args['name']}\")"), name: 'a literal local path comes first' },
    { code: view("target = request.args.get('next', '/')", "if not target.startswith('/') or target.startswith('//'):", "    target = '/'", 'return redirect(target)'), name: 'prefix check' },
    { code: view("return redirect(session.get('next', '/'))"), name: 'session values are not request input' },
    {
      code: HEAD + lines('', '', 'def get_redirect_target():', "    for target in (request.values.get('next'), request.referrer):", '        if target and is_safe_url(target):', '            return target', '', '', "@app.route('/login', methods=['POST'])", 'def login():', "    return redirect(get_redirect_target() or url_for('index'))"),
      name: 'a helper that returns the value only after a safe-url check',
    },
    {
      code: HEAD + lines('', "PARTNERS = {'docs': 'https://docs.example.com'}", '', '', "@app.route('/partner/<name>')", 'def partner(name):', "    return redirect(PARTNERS.get(name, '/'))", '', '', "@app.route('/to/<name>')", 'def to(name):', '    return redirect(PARTNERS[name])'),
      name: 'a path parameter that only picks a URL the app holds',
    },
    { code: view("back = request.referrer or '/'", 'if urlparse(back).netloc != request.host:', "    back = '/'", 'return redirect(back)'), name: 'the referrer checked against our host' },
    { code: view('return redirect(request.path)'), name: "the request's own path stays on this site" },
    { code: searchElsewhere, name: 'a request value only fills the query of a fixed host (`str.format`)' },
    { code: slashQuery, name: "a request value after '/?q=': the path is fixed, the value only fills the query" },
    { code: localEitherWay, name: 'every value of the name starts with a literal local path' },
  ],
  invalid: [
    { code: droppedVerdict, errors: [{ ...at(droppedVerdict, 'redirect(next_url)') }], name: "a safe-URL helper whose answer the view drops" },
    { code: joinedUnchecked, errors: [{ ...at(joinedUnchecked, 'redirect(urljoin') }], name: 'urljoin onto our host with no check' },
    { code: rootPrefixOnly, errors: [{ ...at(rootPrefixOnly, 'redirect(next_page)') }], name: "only startswith('/'): '//evil.example' passes" },
    { code: slashOnly, errors: [{ ...at(slashOnly, "redirect('/'") }], name: "a bare '/' in front: '/' + '/evil.example' leaves the site" },
    { code: slashFString, errors: [{ ...at(slashFString, "redirect(f'/") }], name: "a bare '/' in an f-string" },
    {
      code: orDefault,
      errors: [{ ...at(orDefault, 'redirect(next_url'), message: "`request.args['next']` reaches `redirect()` with no same-host check, so a crafted link can send users to another site; redirect only to local paths" }],
      output: withHelper(orDefault).replace("redirect(next_url or url_for('index'))", "redirect(next_url if is_safe_redirect_url(next_url) else url_for('index'))"),
    },
    { code: direct, errors: [{ ...at(direct, 'redirect(request') }], output: withHelper(direct).replace("redirect(request.args['url'])", "redirect(request.args['url'] if is_safe_redirect_url(request.args['url']) else '/')") },
    { code: form, errors: [{ ...at(form, 'redirect(request'), message: "`request.form['return_to']`" }] },
    { code: pathParam, errors: [{ ...at(pathParam, 'redirect(target)'), message: '`target` comes from the URL and reaches `redirect()`' }], name: 'URL path parameter' },
    { code: viaHelper, errors: [{ ...at(viaHelper, 'redirect(next_page())') }], name: 'through a helper that reads the request' },
    { code: backToReferrer, errors: [{ ...at(backToReferrer, 'redirect(request'), message: '`request.referrer` reaches `redirect()`' }], name: 'the Referer header through `request.referrer`' },
    { code: oneBranchRaw, errors: [{ ...at(oneBranchRaw, 'redirect(target)') }], name: 'a name with one local value and one raw request value' },
    { code: placeholderFirst, errors: [{ ...at(placeholderFirst, 'redirect(') }], name: 'a format template that starts with the request value' },
    { code: hostPlaceholder, errors: [{ ...at(hostPlaceholder, 'redirect(url)') }], name: 'the request value fills the host of a format template' },
    { code: backViaName, errors: [{ ...at(backViaName, 'redirect(back'), message: '`request.referrer`' }], name: '`request.referrer` through a name' },
  ],
});
