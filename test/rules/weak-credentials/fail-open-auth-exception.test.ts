import rule from '../../../server/src/rules/weak-credentials/fail-open-auth-exception';
import { ruleTester } from '../rule-tester';

const HEAD = "import json\nimport os\nfrom functools import wraps\n\nimport jwt\nfrom flask import Flask, abort, g, jsonify, request\n\napp = Flask(__name__)\nKEY = os.environ['JWT_SECRET']\n";
const L = 9;

ruleTester(rule, {
  valid: [
    { code: HEAD + "\ndef safe_decode(token):\n    try:\n        return jwt.decode(token, KEY, algorithms=['HS256'])\n    except jwt.InvalidTokenError:\n        return None\n\ndef token_required(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            g.claims = safe_decode(request.headers.get('X-Token', ''))\n        except Exception:\n            g.claims = None\n        return view(*args, **kwargs)\n    return wrapper\n", name: 'a helper that catches the failure itself: nothing verifies in the caller\'s try' },
    { code: HEAD + "\ndef strict(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            g.claims = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n        except jwt.ExpiredSignatureError:\n            return jsonify(error='expired'), 401\n        except jwt.InvalidTokenError as exc:\n            raise PermissionError('invalid token') from exc\n        return view(*args, **kwargs)\n    return wrapper\n", name: 'handlers that return or raise' },
    { code: HEAD + "\n@app.get('/a')\ndef a():\n    claims = None\n    try:\n        claims = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n    except jwt.InvalidTokenError:\n        pass\n    if claims is None:\n        abort(401)\n    return 'ok'\n", name: 'the failure is rejected after the try' },
    { code: HEAD + "\ndef read_claims(token):\n    try:\n        return jwt.decode(token, KEY, algorithms=['HS256'])\n    except jwt.InvalidTokenError:\n        pass\n    return None\n", name: 'a helper leaves the decision to its caller' },
    {
      code: HEAD + "\n@app.post('/login')\ndef login():\n    try:\n        user = authenticate(request.form['name'], request.form['password'])\n        session['uid'] = user.id\n        return redirect('/')\n    except Exception:\n        flash('Wrong name or password')\n    return render_template('login.html')\n",
      name: 'the success path answers inside the try: after it, only the failure page',
    },
    { code: HEAD + "\ndef optional_token(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        g.user = None\n        try:\n            g.user = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n        except jwt.PyJWTError:\n            pass\n        return view(*args, **kwargs)\n    return wrapper\n", name: 'an optional-auth decorator: a bad token is no identity' },
    { code: HEAD + "\n@app.before_request\ndef load_user():\n    g.user = None\n    try:\n        g.user = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n    except jwt.InvalidTokenError:\n        pass\n", name: 'a hook that only loads an optional identity' },
    {
      code: HEAD + "from itsdangerous import BadSignature, URLSafeTimedSerializer\n\n@app.route('/password/new/<token>', methods=['GET', 'POST'])\ndef new_password(token):\n    problem = None\n    try:\n        address = URLSafeTimedSerializer(KEY).loads(token, salt='pw', max_age=900)\n    except BadSignature:\n        problem = 'This link is no longer valid.'\n    if request.method == 'POST' and problem is None:\n        store_password(address, request.form['password'])\n    return jsonify(problem=problem)\n",
      name: 'the handler leaves a mark that a later test reads',
    },
    { code: HEAD + "from flask_jwt_extended import get_jwt_identity, verify_jwt_in_request\n\n@app.get('/greeting')\ndef greeting():\n    try:\n        verify_jwt_in_request(optional=True)\n    except Exception:\n        pass\n    return jsonify(hello=get_jwt_identity() or 'guest')\n", name: 'verification marked optional' },
    { code: HEAD + "\n@app.post('/b')\ndef b():\n    try:\n        body = json.loads(request.data)\n    except Exception:\n        body = {}\n    return jsonify(body)\n", name: 'not a credential check' },
  ],
  invalid: [
    {
      code: HEAD + "\n@app.get('/sso')\ndef sso():\n    try:\n        claims = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n    except jwt.InvalidAudienceError:\n    log_failure()\n        claims = {}\n    return jsonify(claims)\n",
      errors: [{ line: L + 6, column: 5, message: 'neither returns, raises nor aborts' }],
      output: HEAD + "\n@app.get('/sso')\ndef sso():\n    try:\n        claims = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n    except jwt.InvalidAudienceError:\n    log_failure()\n        claims = {}\n    return jsonify(claims)\n",
      name: 'a handler being typed, its body not indented yet: reported, with no fix to offer',
    },
    { code: HEAD + "\ndef decode_jwt(token):\n    return jwt.decode(token, KEY, algorithms=['HS256'])\n\ndef token_required(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            g.claims = decode_jwt(request.headers.get('X-Token', ''))\n        except jwt.ExpiredSignatureError:\n            g.claims = {}\n        return view(*args, **kwargs)\n    return wrapper\n", errors: [{ line: L + 10, column: 9, message: 'as if `decode_jwt` had succeeded' }], output: HEAD + "\ndef decode_jwt(token):\n    return jwt.decode(token, KEY, algorithms=['HS256'])\n\ndef token_required(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            g.claims = decode_jwt(request.headers.get('X-Token', ''))\n        except jwt.ExpiredSignatureError:\n            g.claims = {}\n            abort(401)\n        return view(*args, **kwargs)\n    return wrapper\n", name: 'a workspace helper that decodes and lets the failure raise' },
    {
      code: HEAD + "\ndef token_required(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            g.claims = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n        except jwt.ExpiredSignatureError:\n            g.claims = {}\n        except jwt.InvalidTokenError:\n            return jsonify(error='invalid'), 401\n        return view(*args, **kwargs)\n    return wrapper\n",
      errors: [{ line: L + 7, column: 9, endLine: L + 7, endColumn: 41, message: 'This `except jwt.ExpiredSignatureError` handler neither returns, raises nor aborts, so the request goes on as if `jwt.decode` had succeeded' }],
      output: HEAD + "\ndef token_required(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            g.claims = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])\n        except jwt.ExpiredSignatureError:\n            g.claims = {}\n            abort(401)\n        except jwt.InvalidTokenError:\n            return jsonify(error='invalid'), 401\n        return view(*args, **kwargs)\n    return wrapper\n",
    },
    {
      code: HEAD + "\ndef legacy(view):\n    @wraps(view)\n    def decorated(*args, **kwargs):\n        try:\n            g.user = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])['sub']\n        except:  # noqa: E722\n            pass\n        return view(*args, **kwargs)\n    return decorated\n", errors: [{ line: L + 7, column: 9, message: '`except`' }], name: 'bare except: pass',
      output: HEAD + "\ndef legacy(view):\n    @wraps(view)\n    def decorated(*args, **kwargs):\n        try:\n            g.user = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])['sub']\n        except:  # noqa: E722\n            abort(401)\n        return view(*args, **kwargs)\n    return decorated\n",
    },
    { code: HEAD + "\n@app.get('/feed')\ndef feed():\n    claims = {}\n    try:\n        claims = jwt.decode(request.headers.get('X-Session-Token', ''), KEY, algorithms=['HS256'])\n    except Exception:\n        app.logger.exception('token verification failed')\n    return jsonify(user=claims.get('sub'))\n", errors: [{ line: L + 7, message: '`except Exception`' }], name: 'except Exception in a view' },
    { code: HEAD + "\n@app.before_request\ndef guard():\n    token = request.headers.get('X-Token')\n    if token is None:\n        abort(401)\n    try:\n        g.claims = jwt.decode(token, KEY, algorithms=['HS256'])\n    except jwt.InvalidTokenError:\n        g.claims = {}\n", errors: [{ line: L + 9 }], name: 'a before_request guard' },
    { code: HEAD + "\ndef with_user(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        try:\n            who = jwt.decode(request.headers.get('X-Token', ''), KEY, algorithms=['HS256'])['sub']\n        except jwt.InvalidTokenError:\n            who = None\n        return view(who, *args, **kwargs)\n    return wrapper\n", errors: [{ line: L + 7 }], name: 'a fallback value that nothing tests' },
    { code: HEAD + "from flask_jwt_extended import verify_jwt_in_request\n\n@app.before_request\ndef guard():\n    try:\n        verify_jwt_in_request()\n    except Exception:\n        pass\n", errors: [{ line: L + 7, message: 'as if `verify_jwt_in_request` had succeeded' }], name: 'a hook that only verifies' },
  ],
});
