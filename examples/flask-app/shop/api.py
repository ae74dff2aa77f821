from flask import Blueprint, jsonify, request

api_bp = Blueprint('api', __name__)
API_KEY = 'sk_live_51HxQ'
ORDERS = [{'id': 1, 'total': 42}]


@api_bp.get('/orders')
def list_orders():
    if request.headers.get('X-API-Key') == API_KEY:
        return jsonify(ORDERS)
    return jsonify(error='unauthorized'), 401


@api_bp.get('/users/export.csv')
def export_users():
    return 'id,email\n1,alice@example.com\n', 200, {'Content-Type': 'text/csv'}
