import rule from '../../../server/src/rules/missing-authentication/unauthenticated-sensitive-route';
import { ruleTester } from '../rule-tester';

const HEAD = "from flask import Flask, abort, request\nfrom flask_login import login_required, current_user\n\napp = Flask(__name__)\n";

ruleTester(rule, {
  valid: [
    { code: HEAD + "\n@app.route('/admin')\n@login_required\ndef admin():\n    return 'ok'\n" },
    { code: HEAD + "\n@app.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n", name: 'login is public by nature' },
    { code: HEAD + "\n@app.route('/products')\ndef products():\n    return []\n", name: 'not sensitive' },
    { code: HEAD + "\n@app.before_request\ndef guard():\n    if not current_user.is_authenticated:\n        abort(401)\n\n@app.route('/admin')\ndef admin():\n    return 'ok'\n", name: 'app-wide before_request guard' },
    { code: HEAD + "\n@app.route('/admin/users')\ndef users():\n    if not current_user.is_authenticated:\n        abort(403)\n    return []\n", name: 'check at the top of the view' },
    { code: HEAD + "\n@app.route('/admin/users')\ndef users():\n    return []\n", settings: { publicRoutes: ['/admin/*'] }, name: 'public-route setting' },
    { code: HEAD + "\n@app.route('/admin/users')  # flask-guard: ignore[FG101]\ndef users():  # flask-guard: ignore[FG101]\n    return []\n", name: 'suppression comment' },
    {
      code: {
        'app.py': "from flask import Flask\nfrom admin import bp\napp = Flask(__name__)\napp.register_blueprint(bp)\n",
        'admin.py': "from flask import Blueprint, abort\nfrom flask_login import current_user\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n\n@bp.before_request\ndef only_staff():\n    if not current_user.is_authenticated:\n        abort(401)\n\n@bp.route('/users')\ndef users():\n    return []\n",
      },
      name: 'blueprint guard in another module',
    },
    {
      code: {
        'app.py': "from flask import Flask\nfrom auth import api_key_required\napp = Flask(__name__)\n\n@app.get('/api/keys')\n@api_key_required\ndef keys():\n    return []\n",
        'auth.py': "from functools import wraps\nfrom flask import request, abort\n\ndef api_key_required(f):\n    @wraps(f)\n    def wrapper(*a, **kw):\n        if request.headers.get('X-API-Key') != 'x':\n            abort(401)\n        return f(*a, **kw)\n    return wrapper\n",
      },
      name: 'inferred project decorator',
    },
  ],
  invalid: [
    {
      code: HEAD + "\n@app.route('/admin/delete_user/<user_id>')\ndef delete_user(user_id):\n    return 'deleted'\n",
      errors: [{ line: 7, column: 5, message: 'Route `/admin/delete_user/<user_id>` accepts requests without authentication' }],
      output: HEAD + "\n@app.route('/admin/delete_user/<user_id>')\n@login_required\ndef delete_user(user_id):\n    return 'deleted'\n",
    },
    { code: HEAD + "\n@app.post('/comments')\ndef comment():\n    return '', 201\n", errors: [{ line: 7 }], name: 'writes are sensitive' },
    {
      code: HEAD + "\n@app.before_request\ndef guard():\n    if request.method in ('GET', 'POST'):\n        if not current_user.is_authenticated:\n            abort(401)\n\n@app.get('/admin/users')\ndef users():\n    return []\n",
      errors: [{ line: 13, message: 'accepts HEAD' }],
      name: 'HEAD slips past a GET/POST-only guard',
    },
    {
      code: "from flask import Flask\nfrom flask_jwt_extended import jwt_required\napp = Flask(__name__)\n\n@app.get('/api/users')\n@jwt_required(optional=True)\ndef users():\n    return []\n",
      errors: [{ line: 7 }],
      name: 'optional JWT is not authentication',
    },
  ],
});
