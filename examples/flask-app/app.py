"""A small shop with the mistakes Flask Guard looks for (see README.md)."""
import os

from flask import Flask, jsonify, request, session
from flask_login import LoginManager, current_user, login_required
from flask_wtf.csrf import CSRFProtect

from shop.api import api_bp

app = Flask(__name__)
app.config['SECRET_KEY'] = os.environ['SECRET_KEY']
login_manager = LoginManager(app)
csrf = CSRFProtect(app)
app.register_blueprint(api_bp, url_prefix='/api')

USERS = {1: {'email': 'alice@example.com', 'is_admin': True}, 2: {'email': 'bob@example.com', 'is_admin': False}}


@app.route('/')
def index():
    return 'Welcome to the shop'


@app.route('/account')
@login_required
def account():
    return jsonify(USERS[int(current_user.get_id())])


@app.route('/admin/delete_user/<int:user_id>')
def delete_user(user_id):
    USERS.pop(user_id, None)
    return 'User deleted', 200


@app.post('/preferences')
@login_required
def preferences():
    session['is_admin'] = USERS[int(current_user.get_id())]['is_admin']
    return jsonify(theme=request.form.get('theme', 'light'))


if __name__ == '__main__':
    app.run(host='0.0.0.0', debug=True)
