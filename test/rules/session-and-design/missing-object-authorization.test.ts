import rule from '../../../server/src/rules/session-and-design/missing-object-authorization';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';

const MODELS = lines(
  'from flask_sqlalchemy import SQLAlchemy',
  '',
  'db = SQLAlchemy()',
  '',
  '',
  'class User(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    is_admin = db.Column(db.Boolean)',
  '',
  '',
  'class Note(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    body = db.Column(db.Text)',
  "    owner_id = db.Column(db.Integer, db.ForeignKey('user.id'))",
  '',
  '',
  'class Product(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    name = db.Column(db.String(80))',
  '',
  '',
  'class Message(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    body = db.Column(db.Text)',
  "    sender_id = db.Column(db.Integer, db.ForeignKey('user.id'))",
  "    receiver_id = db.Column(db.Integer, db.ForeignKey('user.id'))",
  '',
  '',
  'class Attachment(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    name = db.Column(db.String(80))',
  "    note_id = db.Column(db.Integer, db.ForeignKey('note.id'))",
  '',
  '',
  'class Review(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    stars = db.Column(db.Integer)',
  "    product_id = db.Column(db.Integer, db.ForeignKey('product.id'))",
  '',
  '',
  'class Page(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    text = db.Column(db.Text)',
  "    created_by = db.Column(db.Integer, db.ForeignKey('user.id', ondelete='SET NULL'))",
  '',
  '',
  'class Ticket(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    title = db.Column(db.Text)',
  "    created_by = db.Column(db.Integer, db.ForeignKey('user.id'))",
  "    last_updated_by = db.Column(db.Integer, db.ForeignKey('user.id'))",
  '',
  '',
  'class Invoice(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    total = db.Column(db.Integer)',
  "    user_id = db.Column(db.Integer, db.ForeignKey('user.id', ondelete='SET NULL'))",
);
const HEAD = lines(
  'from flask import Blueprint, Flask, abort, jsonify, session',
  'from flask_login import current_user, login_required',
  'from flask_security import roles_required',
  '',
  'from models import Attachment, Invoice, Message, Note, Page, Product, Review, Ticket, User, db',
  '',
  'app = Flask(__name__)',
  '',
);
const project = (src: string) => ({ 'app.py': HEAD + src, 'models.py': MODELS });
/** The view hands the note to `helper` (defined as `def`), called as a statement of its own, then serves it. */
const handedToHelper = (...def: string[]) =>
  project(lines('', '', ...def, '', '', "@app.get('/notes/<int:note_id>')", '@login_required', 'def show_note(note_id):', '    note = Note.query.get_or_404(note_id)', '    audit_access(note)', '    return jsonify(body=note.body)'));
const auditOnly = handedToHelper('def audit_access(note):', '    if note.owner_id != current_user.id:', "        app.logger.warning('user %s read note %s', current_user.id, note.id)");
const droppedPredicate = handedToHelper('def audit_access(note):', '    return note.owner_id == current_user.id');

/** A view of a blueprint whose before_request guard carries `decorators` under `@login_required`. */
const guardedBlueprint = (...decorators: string[]) =>
  project(lines(
    '',
    "notes = Blueprint('notes', __name__)",
    '',
    '',
    '@notes.before_request',
    '@login_required',
    ...decorators,
    'def gate():',
    '    """Every view of the blueprint needs a login."""',
    '',
    '',
    "@notes.get('/notes/<int:note_id>')",
    'def show_note(note_id):',
    '    return jsonify(body=Note.query.get_or_404(note_id).body)',
    '',
    '',
    'app.register_blueprint(notes)',
  ));
const loginOnlyBlueprint = guardedBlueprint();
const view = (...body: string[]) => project(lines('', "@app.get('/notes/<int:note_id>')", '@login_required', 'def get_note(note_id):', ...body.map((b) => '    ' + b)));

/** A model imported from a package outside the workspace: only the parameter's name says it is an id. */
const outsideModel = (route: string, param: string, fetch: string) => ({
  'app.py': lines('from flask import Flask', 'from flask_login import login_required', '', 'from shop.models import OrderItem, db', '', 'app = Flask(__name__)', '', '', `@app.post('${route}')`, '@login_required', `def remove_line(${param}):`, `    line = ${fetch}`, '    db.session.delete(line)', '    db.session.commit()', "    return ''"),
});
const modelIdParam = outsideModel('/basket/<itemid>', 'itemid', 'OrderItem.query.filter_by(id=itemid).first_or_404()');
const modelWordParam = outsideModel('/basket/<item>', 'item', 'OrderItem.query.get_or_404(item)');
const idColumnParam = outsideModel('/basket/<order>', 'order', 'OrderItem.query.filter_by(orderId=order).first_or_404()');
const parentParam = project(lines('', "@app.get('/notes/<note>/attachments')", '@login_required', 'def attachments(note):', '    return jsonify([a.name for a in Attachment.query.filter(Attachment.note_id == note)])'));
/** A logged-in route that edits one `Stock` record, whose model also has `columns`, each a foreign key to the users. */
const stockEdit = (...columns: string[]) => ({
  'app.py': lines('from flask import Flask', 'from flask_login import login_required', '', 'from models import Stock, db', '', 'app = Flask(__name__)', '', '', "@app.post('/stock/<int:stock_id>')", '@login_required', 'def edit_stock(stock_id):', '    Stock.query.get_or_404(stock_id).count = 0', '    db.session.commit()', "    return ''"),
  'models.py': lines('from flask_sqlalchemy import SQLAlchemy', '', 'db = SQLAlchemy()', '', '', 'class User(db.Model):', '    id = db.Column(db.Integer, primary_key=True)', '', '', 'class Stock(db.Model):', '    id = db.Column(db.Integer, primary_key=True)', '    count = db.Column(db.Integer)', ...columns.map((c) => `    ${c} = db.Column(db.Integer, db.ForeignKey('user.id'))`)),
});
const addedAlone = stockEdit('AddedBy');
const ownerBesideRemover = stockEdit('OwnerID', 'RemovedBy');
/** An app with (or without) an open sign-up and a role-checked admin page, and a logged-in route on a shared `Product`. */
const catalogue = (parts: { signup?: boolean; adminPage?: boolean }, ...body: string[]) =>
  project(lines(
    '',
    ...(parts.signup ? ["@app.post('/signup')", 'def signup():', '    db.session.add(User())', '    db.session.commit()', "    return ''", '', ''] : []),
    ...(parts.adminPage ? ["@app.get('/admin/stats')", '@login_required', 'def stats():', '    if not current_user.is_admin:', '        abort(403)', "    return ''", '', ''] : []),
    "@app.post('/products/<int:product_id>/remove')",
    '@login_required',
    'def remove_product(product_id):',
    ...body.map((b) => '    ' + b),
  ));
const removeBody = ['product = Product.query.get_or_404(product_id)', 'db.session.delete(product)', 'db.session.commit()', "return ''"];
const sharedRemoved = catalogue({ signup: true, adminPage: true }, ...removeBody);
const getOr404 = view('note = Note.query.get_or_404(note_id)', 'return jsonify(body=note.body)');
/** A MongoEngine project: documents are fetched by keyword (`Post.objects.get_or_404(id=...)`, `Post.objects(id=...)`). */
const mongoView = (...body: string[]) => ({
  'app.py': lines('from flask import Flask, jsonify', 'from flask_login import current_user, login_required', '', 'from models import Post', '', 'app = Flask(__name__)', '', '', "@app.get('/posts/<post_id>')", '@login_required', 'def get_post(post_id):', ...body.map((b) => '    ' + b)),
  'models.py': lines('import mongoengine as me', '', '', 'class Post(me.Document):', '    title = me.StringField()', "    author = me.ReferenceField('User')"),
});
const mongoGet = mongoView('post = Post.objects.get_or_404(id=post_id)', 'return jsonify(title=post.title)');
/** Round 28 (a reports API): `scoped` must find the caller's own post before `Post.objects.get(id=post_id)` reads the same id. */
const mongoAfterOwn = (...scoped: string[]) => mongoView(...scoped, 'return jsonify(title=Post.objects.get(id=post_id).title)');
const ownGetFirst = mongoAfterOwn('Post.objects.get(id=post_id, author=current_user.id)');
const ownGetInTry = mongoAfterOwn('try:', '    Post.objects.get(id=post_id, author=current_user.id)', 'except Exception:', "    return jsonify(error='not found'), 404");
const ownGetSwallowed = mongoAfterOwn('try:', '    Post.objects.get(id=post_id, author=current_user.id)', 'except Exception:', '    pass');
const ownFirstUntested = mongoAfterOwn('Post.objects(id=post_id, author=current_user.id).first()');
const mongoCall = mongoView('post = Post.objects(id=post_id).first()', 'return jsonify(title=post.title)');
/** An account model named for its role (`Tutor`, with a stored password): another tutor's record is not the caller's. */
const tutorView = (route: string, ...body: string[]) => ({
  'app.py': lines('from flask import Flask, jsonify', 'from flask_login import login_required', '', 'from models import Tutor', '', 'app = Flask(__name__)', '', '', route, '@login_required', 'def tutor(key):', ...body.map((b) => '    ' + b)),
  'models.py': lines('import mongoengine as me', '', '', 'class Tutor(me.Document):', '    handle = me.StringField(unique=True)', '    password = me.StringField()'),
});
const tutorDelete = tutorView("@app.delete('/tutors/<key>')", 'tutor = Tutor.objects.get_or_404(id=key)', 'tutor.delete()', "return ''");
/** A view behind a login gate on the session flag `flag`. */
const flagGated = (flag: string) => view(`if not session.get('${flag}'):`, '    abort(403)', 'return jsonify(body=Note.query.get_or_404(note_id).body)');
/** A link whose path carries a token naming the note: `decode` is how the view reads it. */
const tokenLink = (decode: string) =>
  project(lines('import jwt', '', '', "@app.get('/notes/claim/<token>')", '@login_required', 'def claim(token):', `    claims = ${decode}`, "    return jsonify(body=Note.query.get_or_404(claims['note']).body)"));
const unverifiedLink = tokenLink("jwt.decode(token, options={'verify_signature': False})");
const sessionGet = view('note = db.session.get(Note, note_id)', 'db.session.delete(note)', "return ''");
const filterBy = view('note = Note.query.filter_by(id=note_id).first_or_404()', 'return jsonify(body=note.body)');
const filter = view('note = Note.query.filter(Note.id == int(note_id)).one()', 'return jsonify(body=note.body)');
/** The view hands the id to `load_note`, which fetches the note; `above` goes before the helper's `def` (its decorator). */
const loadNote = (...above: string[]) => project(lines(
  '',
  ...above,
  'def load_note(note_id):',
  '    return Note.query.get_or_404(note_id)',
  '',
  '',
  "@app.get('/notes/<int:note_id>')",
  '@login_required',
  'def get_note(note_id):',
  '    note = load_note(note_id)',
  '    return jsonify(body=note.body)',
));
const helper = loadNote();
/** `load_note` under `decorator`, defined in the file as one that returns the function it is given. */
const decoratedHelper = (decorator: string) => loadNote(`def ${decorator}(f):`, '    return f', '', '', `@${decorator}`);
const checkOff = project(lines(
  '',
  'def get_note_checked(note_id, check_owner=True):',
  '    note = Note.query.get_or_404(note_id)',
  '    if check_owner and note.owner_id != current_user.id:',
  '        abort(403)',
  '    return note',
  '',
  '',
  "@app.get('/notes/<int:note_id>')",
  '@login_required',
  'def get_note(note_id):',
  '    note = get_note_checked(note_id, check_owner=False)',
  '    return jsonify(body=note.body)',
));
const tokenSource = project(lines(
  '',
  'def token_auth(view):',
  '    def wrapper(*args, **kwargs):',
  "        if not verify(request.headers.get('Authorization', '')):",
  '            abort(401)',
  '        return view(*args, **kwargs)',
  '    return wrapper',
  '',
  '',
  "@app.get('/notes/<int:note_id>')",
  '@token_auth',
  'def get_note(note_id):',
  '    return jsonify(body=Note.query.get_or_404(note_id).body)',
));
const tokenDecorator = { ...tokenSource, 'app.py': tokenSource['app.py'].replace('abort, jsonify', 'abort, jsonify, request') };
// Found on real code (a blog's admin API): Flask-HTTPAuth checks the role its `role=` names.
const httpAuthView = (decorator: string) =>
  project(lines('from flask_httpauth import HTTPTokenAuth', '', 'token_auth = HTTPTokenAuth()', '', '', "@app.get('/notes/<int:note_id>')", decorator, 'def get_note(note_id):', '    return jsonify(body=Note.query.get_or_404(note_id).body)'));
const httpAuthAnyone = httpAuthView('@token_auth.login_required');
// Found on real code (a parking app): the decorator checks that the URL's user is the caller, not that the note is theirs.
const userDecorated = (fetch: string) =>
  project(lines(
    '',
    '',
    'def own_user_required(view):',
    '    def wrapper(*args, **kwargs):',
    "        if session.get('user_id') != kwargs.get('user_id'):",
    '            abort(403)',
    '        return view(*args, **kwargs)',
    '    return wrapper',
    '',
    '',
    "@app.post('/users/<int:user_id>/notes/<int:note_id>/delete')",
    '@login_required',
    '@own_user_required',
    'def delete_note(user_id, note_id):',
    `    record = ${fetch}`,
    '    db.session.delete(record)',
    "    return '', 204",
  ));
const otherIdDecorated = userDecorated('Note.query.get_or_404(note_id)');
const withFlaskNames = (files: Record<string, string>) => ({ ...files, 'app.py': files['app.py']!.replace('abort, jsonify', 'abort, flash, jsonify, redirect, url_for') });
const permissionLogged = view("if not current_user.can('notes:archive'):", "    flash('you may not archive notes')", 'note = Note.query.get_or_404(note_id)', 'return jsonify(body=note.body)');
const renameService = (test: string) => ({
  ...project(lines(
    'from flask import request',
    'from service import NoteService',
    '',
    '',
    "@app.patch('/notes/<int:note_id>')",
    '@login_required',
    'def rename_note(note_id):',
    '    note = Note.query.get_or_404(note_id)',
    "    NoteService.rename(current_user, note, request.json['title'])",
    '    return jsonify(ok=True)',
  )),
  'service.py': lines('from flask import abort', '', '', 'class NoteService:', '    @staticmethod', '    def rename(user, note, title):', `        if not ${test}:`, '            abort(403)', '        note.title = title'),
});
const publishedOnly = renameService('note.is_published()');
/** A JSON view that decodes the bearer token itself and narrows the query with `narrow` (reading `claims`). */
const claimsView = (...narrow: string[]) =>
  project(lines(
    'import os',
    'import jwt',
    'from flask import request',
    '',
    '',
    "@app.get('/notes/<int:note_id>')",
    'def read_note(note_id):',
    '    try:',
    "        claims = jwt.decode(request.headers.get('Authorization', ''), os.environ['JWT_SECRET'], algorithms=['HS256'])",
    '    except jwt.InvalidTokenError:',
    '        abort(401)',
    ...narrow.map((n) => '    ' + n),
    '    return jsonify(body=note.body)',
  ));
const claimsScoped = claimsView("owner = claims['uid']", 'note = Note.query.filter(Note.id == note_id).filter(Note.owner_id == owner).one()');
// Found on real code (a security knowledge base): a helper picks the caller's id out of the token, the view filters on it.
const helperOwner = (returned: string) =>
  project(lines(
    'import os',
    'import jwt',
    'from flask import request',
    '',
    '',
    'def caller_id():',
    "    claims = jwt.decode(request.headers.get('Authorization', ''), os.environ['JWT_SECRET'], algorithms=['HS256'])",
    `    return ${returned}`,
    '',
    '',
    "@app.get('/notes/<int:note_id>')",
    '@login_required',
    'def read_note(note_id):',
    '    owner = caller_id()',
    '    note = Note.query.filter(Note.id == note_id).filter(Note.owner_id == owner).one()',
    '    return jsonify(body=note.body)',
  ));
const helperOwnerFromArgs = helperOwner("request.args['owner']");
const claimsIgnored = claimsView("owner = request.args['owner']", 'note = Note.query.filter(Note.id == note_id).filter(Note.owner_id == owner).one()');
/** The caller acts on a user fetched by id (`current_user.follow(target)`), then `rest`. */
const followView = (...rest: string[]) =>
  project(lines('', "@app.post('/users/<int:user_id>/follow')", '@login_required', 'def follow(user_id):', '    target = db.session.get(User, user_id)', '    if target is None:', '        abort(404)', ...rest.map((r) => '    ' + r)));
const followReturned = followView('current_user.follow(target)', 'db.session.commit()', 'return jsonify(id=target.id, email=target.email)');
/** Round 21: the caller's own action on a shared record, answered with a message that names the record's id. */
const followEchoed = followView('current_user.follow(target)', 'db.session.commit()', "return jsonify(message=f'now following {target.id}'), 200");
const followThenPurge = followView('current_user.follow(target)', 'Message.query.filter_by(receiver_id=target.id).delete()', "return jsonify(message=f'now following {target.id}')");
const adoptNote = view('note = Note.query.get_or_404(note_id)', 'current_user.notes.append(note)', 'db.session.commit()', "return ''");
const users = project(lines('', "@app.get('/users/<int:user_id>')", '@login_required', 'def get_user(user_id):', '    return jsonify(id=User.query.get(user_id).id)'));
/** A conversation with the user whose id is in the URL: `rest` after fetching that user as `peer`. */
const peerView = (...rest: string[]) =>
  project(lines('', "@app.post('/users/<int:user_id>/messages')", '@login_required', 'def converse(user_id):', '    peer = User.query.get_or_404(user_id)', ...rest.map((r) => '    ' + r)));
const peerInbox = peerView('msgs = Message.query.filter_by(receiver_id=peer.id).all()', 'return jsonify([m.body for m in msgs])');
/** A note deleted with SQL, `where` naming its parameters. */
const sqlDelete = (where: string, params: string) =>
  project(lines('', "@app.post('/notes/<int:note_id>/delete')", '@login_required', 'def delete_note(note_id):', `    db.session.execute('DELETE FROM note WHERE ${where}', ${params})`, '    db.session.commit()', "    return ''"));
const sqlDeleteAny = sqlDelete('id = ?', '(note_id,)');
/** Round 21 (a pharmacy API): the SQL text is put in a name first, then executed. */
const sqlNamed = (where: string, params: string) =>
  project(lines('', "@app.post('/notes/<int:note_id>/delete')", '@login_required', 'def delete_note(note_id):', `    sql = 'DELETE FROM note WHERE ${where}'`, `    db.session.execute(sql, ${params})`, '    db.session.commit()', "    return ''"));
const sqlNamedAny = sqlNamed('id = ?', '(note_id,)');
// Found in an idiom sweep: student code puts the id into the SQL text itself.
const sqlInline = (call: string, ...rest: string[]) =>
  project(lines('', "@app.post('/notes/<int:note_id>/archive')", '@login_required', 'def archive_note(note_id):', `    note = ${call}.fetchone()`, ...rest.map((r) => '    ' + r), "    return jsonify(body=note['body'])"));
const sqlFString = sqlInline('db.session.execute(f"SELECT * FROM note WHERE id = {note_id}")');
const sqlPercent = sqlInline('db.session.execute("SELECT * FROM note WHERE id = %s" % note_id)');
const sqlFormatDelete = project(lines('', "@app.post('/notes/<int:note_id>/delete')", '@login_required', 'def delete_note(note_id):', '    db.session.execute("DELETE FROM note WHERE id = {}".format(note_id))', "    return ''"));
/** A JWT view that loads the account `lookup` names, then refuses messages that account did not send. */
const accountCompared = (lookup: string) =>
  project(lines(
    'from flask import request',
    'from flask_jwt_extended import get_jwt_identity, jwt_required',
    '',
    '',
    "@app.delete('/messages/<int:message_id>')",
    '@jwt_required()',
    'def delete_message(message_id):',
    `    me = User.query.filter_by(email=${lookup}).first()`,
    '    message = Message.query.get_or_404(message_id)',
    '    if me.id != message.sender_id:',
    '        abort(403)',
    '    db.session.delete(message)',
    "    return ''",
  ));
const requestAccount = accountCompared("request.args['email']");
const withRequest = (files: Record<string, string>) => ({ ...files, 'app.py': files['app.py']!.replace('abort, jsonify', 'abort, jsonify, request') });
/** The note fetched by id, compared with `owner` under `owner_id` before it is returned. */
const ownerIs = (owner: string, ...before: string[]) =>
  withRequest(view('note = Note.query.get_or_404(note_id)', ...before, `if note.owner_id != ${owner}:`, '    abort(403)', 'return jsonify(body=note.body)'));
const ownerFromBody = ownerIs("request.json['owner_id']");
/** Round 28 (a game API on flask-jwt-extended 3): a JWT view that binds `claims = ${source}`, fetches an invoice, then `rest`. */
const jwtClaimsView = (source: string, ...rest: string[]) =>
  project(lines(
    'from flask import request',
    'from flask_jwt_extended import get_jwt_claims, jwt_required',
    '',
    '',
    "@app.post('/invoices/<int:invoice_id>/settle')",
    '@jwt_required',
    'def settle_invoice(invoice_id):',
    `    claims = ${source}`,
    '    invoice = Invoice.query.filter_by(id=invoice_id).first_or_404()',
    ...rest.map((r) => '    ' + r),
    '    invoice.total = 0',
    '    db.session.commit()',
    "    return jsonify(settled=invoice.id, by=claims['id'])",
  ));
const claimsOwner = jwtClaimsView('get_jwt_claims()', "if invoice.user_id != claims['id']:", "    return jsonify(error='not yours'), 403");
const inlineClaimsOwner = jwtClaimsView('get_jwt_claims()', "if get_jwt_claims()['user_id'] != invoice.user_id:", '    abort(403)');
const claimsUnchecked = jwtClaimsView('get_jwt_claims()');
const bodyNamedClaims = jwtClaimsView('request.get_json()', "if invoice.user_id != claims['id']:", '    abort(403)');
const ownerLookedUp = ownerIs('acct.id', "acct = User.query.filter_by(email=request.args['email']).first_or_404()");
const ownerInUrl = project(lines('', "@app.get('/users/<int:user_id>/notes/<int:note_id>')", '@login_required', 'def user_note(user_id, note_id):', '    note = Note.query.get_or_404(note_id)', '    if note.owner_id != user_id:', '        abort(404)', '    return jsonify(body=note.body)'));
const otherNotesCounted = view('note = Note.query.get_or_404(note_id)', 'mine = 0', 'for other in Note.query.all():', '    if other.owner_id == current_user.id:', '        mine += 1', 'return jsonify(body=note.body, mine=mine)');
const draftChecked = withRequest(view('note = Note.query.get_or_404(note_id)', "draft = Note.query.get_or_404(request.form['draft'])", 'if draft.owner_id != current_user.id:', '    abort(403)', 'note.body = draft.body', 'db.session.commit()', "return ''"));
const ownerHelper = project(lines(
  '',
  'def ensure_owner(note, user_id):',
  '    if note.owner_id != user_id:',
  '        abort(403)',
  '',
  '',
  "@app.get('/notes/<int:note_id>')",
  '@login_required',
  'def get_note(note_id):',
  '    note = Note.query.get_or_404(note_id)',
  '    ensure_owner(note, current_user.id)',
  '    return jsonify(body=note.body)',
));
/** A record fetched by id from `/<kind>s/<int:item_id>`, its `field` returned. */
const childView = (model: string, field: string) =>
  project(lines('', `@app.get('/${model.toLowerCase()}s/<int:item_id>')`, '@login_required', 'def show_item(item_id):', `    return jsonify(value=${model}.query.get_or_404(item_id).${field})`));
const attachment = childView('Attachment', 'name');
/** The note's id looked up among ids collected from `source` before the note is returned. */
const idAmong = (source: string) =>
  view('note = Note.query.get_or_404(note_id)', 'ids = []', `for n in ${source}:`, '    ids.append(n.id)', 'if note_id not in ids:', '    abort(403)', 'return jsonify(body=note.body)');
const idAmongAll = idAmong('Note.query.all()');
/** The view calls `check(...)`, a helper that aborts unless one of the caller's `${word}s` equals the `word` asked for (skf's `validate_privilege`). */
const listedInCaller = (word: string) =>
  project(lines(
    '',
    `def check(${word}):`,
    `    for value in current_user.${word}s.split(':'):`,
    `        if value == ${word}:`,
    '            return True',
    '    abort(403)',
    '',
    '',
    "@app.put('/notes/<int:note_id>')",
    '@login_required',
    'def archive_note(note_id):',
    "    check('manage')",
    "    Note.query.get_or_404(note_id).body = ''",
    '    db.session.commit()',
    "    return ''",
  ));
const privilegeListed = listedInCaller('privilege');
const tagListed = listedInCaller('tag');
const emptyInbox = view('if len(current_user.notes) == 0:', '    abort(404)', 'return jsonify(body=Note.query.get_or_404(note_id).body)');
/** The caller joins or leaves one of a note's collections: `change` on the fetched `note`. */
const noteCollection = (change: string) => view('note = Note.query.get_or_404(note_id)', change, 'db.session.commit()', "return ''");
const joinsEditors = noteCollection('note.editors.append(current_user)');
/** A note shared through a link: `column` is the unique column the URL's `<key>` is looked up by. */
const sharedLink = (column: string) => ({
  'app.py': HEAD.replace('Ticket, User', 'SharedNote, Ticket, User') + lines('', "@app.get('/shared/<key>')", '@login_required', 'def shared(key):', `    return jsonify(body=SharedNote.query.filter_by(${column}=key).first_or_404().body)`),
  'models.py': MODELS + lines('', '', 'class SharedNote(db.Model):', '    id = db.Column(db.Integer, primary_key=True)', '    body = db.Column(db.Text)', "    owner_id = db.Column(db.Integer, db.ForeignKey('user.id'))", '    slug = db.Column(db.String(80), unique=True)', '    share_token = db.Column(db.String(64), unique=True)'),
});
const bySlug = sharedLink('slug');
/** A project decorator whose wrapper turns away callers without `flag` in the session. */
const sessionFlagDecorated = (flag: string) =>
  project(lines(
    'from functools import wraps',
    '',
    '',
    'def signed_in(f):',
    '    @wraps(f)',
    '    def wrapper(*args, **kwargs):',
    `        if '${flag}' not in session:`,
    '            abort(401)',
    '        return f(*args, **kwargs)',
    '    return wrapper',
    '',
    '',
    "@app.post('/notes/<int:note_id>/delete')",
    '@signed_in',
    'def delete_note(note_id):',
    '    db.session.delete(Note.query.get_or_404(note_id))',
    "    return ''",
  ));
const loginFlagDecorated = sessionFlagDecorated('logged_in');
/** A project decorator on a login_required view that sends admins straight to the view, then runs `rest` (indented lines). */
const adminsFirst = (...rest: string[]) =>
  project(lines(
    'from functools import wraps',
    '',
    'hits = {}',
    '',
    '',
    'def busy_guard(f):',
    '    @wraps(f)',
    '    def wrapper(*args, **kwargs):',
    '        if current_user.is_admin:',
    '            return f(*args, **kwargs)',
    ...rest,
    '    return wrapper',
    '',
    '',
    "@app.post('/notes/<int:note_id>/delete')",
    '@login_required',
    '@busy_guard',
    'def delete_note(note_id):',
    '    db.session.delete(Note.query.get_or_404(note_id))',
    "    return ''",
  ));
const adminsSkipLimit = adminsFirst('        hits[current_user.id] = hits.get(current_user.id, 0) + 1', '        if hits[current_user.id] > 50:', '            abort(429)', '        return f(*args, **kwargs)');
/** The caller's own note is looked up first; `...after` runs where that lookup left off. */
const ownedFirst = (...after: string[]) => view('note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first()', ...after, 'return result');
const deleteInElse = ownedFirst('if note is None:', "    result = {'error': 'not found'}, 404", 'else:', '    Note.query.filter_by(id=note_id).delete()', "    result = {'ok': True}, 200");
const deleteAfterMiss = ownedFirst('if note is None:', "    result = {'error': 'not found'}, 404", 'Note.query.filter_by(id=note_id).delete()', "result = {'ok': True}, 200");
const deleteUnderOtherTest = ownedFirst('if note_id > 0:', '    Note.query.filter_by(id=note_id).delete()', "result = {'ok': True}, 200");
const existenceOnly = view('note = Note.query.get_or_404(note_id)', "db.session.add(Message(body='seen', sender_id=current_user.id))", 'db.session.commit()', 'return jsonify(ok=True)');
const handedByLocals = view('note = Note.query.get_or_404(note_id)', "return render_template('note.html', **locals())");
const childrenAfterCheck = view('note = Note.query.get_or_404(note_id)', 'return jsonify([a.name for a in Attachment.query.filter_by(note_id=note_id)])');
const countedDelete = view('removed = Note.query.filter_by(id=note_id).delete()', 'db.session.commit()', "return ''");
const recordSetting = view('note = Note.query.get_or_404(note_id)', 'if note.can_comment:', '    note.can_comment = False', 'db.session.commit()', "return ''");

ruleTester(rule, {
  valid: [
    { code: decoratedHelper('admin_required'), name: 'fetch in a helper whose own role decorator checks the caller first (a controller method under @admin_required)' },
    { code: catalogue({ signup: true, adminPage: true }, 'return jsonify(name=Product.query.get_or_404(product_id).name)'), name: 'reading shared data is what it is for, sign-up or not' },
    { code: catalogue({ adminPage: true }, ...removeBody), name: 'no one can sign up: every account is one the app\'s admins made' },
    { code: catalogue({ signup: true }, ...removeBody), name: 'no route of the app checks a role: any account may manage the shared data by design' },
    { code: outsideModel('/basket/<paid>', 'paid', 'OrderItem.query.filter_by(state=paid).first_or_404()'), name: 'a parameter that merely ends in "id" (`paid`) names no model' },
    { code: outsideModel('/basket/<grid>', 'grid', 'OrderItem.query.filter_by(layout=grid).first_or_404()'), name: '`grid` is no id of an `OrderItem` either' },
    { code: outsideModel('/basket/<basket>', 'basket', 'OrderItem.query.get_or_404(basket)'), name: 'a parameter named for no word of the model (`basket` for an `OrderItem`) is no id of it' },
    { code: outsideModel('/basket/<slug>', 'slug', 'OrderItem.query.filter_by(slug=slug).first_or_404()'), name: 'a handle (`slug`) matched against a column that holds no id' },
    { code: project(lines('', "@app.post('/attachments/<attachment>/remove')", '@login_required', 'def remove_attachment(attachment):', '    db.session.delete(Attachment.query.filter_by(name=attachment).first_or_404())', '    db.session.commit()', "    return ''")), name: "a parameter named for the model, matched against its name rather than its id" },
    { code: stockEdit('AddedBy', 'RemovedBy'), name: 'who added and who removed shared stock (CamelCase audit columns) are no owners' },
    { code: stockEdit('added_by', 'deleted_by'), name: 'snake_case audit columns: added_by beside deleted_by' },
    { code: stockEdit('createdBy', 'updatedBy'), name: 'camelCase audit columns: createdBy beside updatedBy' },
    { code: existenceOnly, name: 'a record fetched into a name never read again only proves it exists (the caller then saves their own data)' },
    { code: deleteInElse, name: "a second, unscoped query by the id runs only in the branch where the caller's own record was found" },
    { code: ownedFirst('if note:', '    Note.query.filter_by(id=note_id).delete()', "result = {'ok': True}, 200"), name: "the unscoped delete under `if note:`, the caller's own record" },
    { code: view('note = Note.query.get_or_404(note_id)', 'if not current_user.can_moderate:', '    abort(403)', 'note.body = ""', 'db.session.commit()', "return ''"), name: "a `can_` flag of the caller is a permission test" },
    { code: view('me = current_user', 'note = Note.query.get_or_404(note_id)', 'if not me.can_moderate:', '    abort(403)', 'note.body = ""', 'db.session.commit()', "return ''"), name: "a `can_` flag of the caller held in a name is a permission test" },
    { code: handedToHelper('def audit_access(note):', '    if note.owner_id != current_user.id:', "        app.logger.warning('user %s read note %s', current_user.id, note.id)", '        abort(403)'), name: 'the same helper that logs and then aborts' },
    { code: tutorView("@app.get('/tutors/<key>')", 'tutor = Tutor.objects.get_or_404(handle=key)', 'return jsonify(handle=tutor.handle)'), name: "an account's public handle (a unique column of a model with a password) is a profile page" },
    { code: mongoView('post = Post.objects.get_or_404(id=post_id, author=current_user.id)', 'return jsonify(title=post.title)'), name: 'MongoEngine lookup scoped to the caller' },
    { code: ownGetFirst, name: "the caller's own post fetched with `objects.get` (which raises when nothing matches) before the same id is read unscoped" },
    { code: ownGetInTry, name: "the caller's own post fetched with `objects.get` in a `try` whose handler turns the request away" },
    { code: view('note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()', 'return jsonify(body=note.body)'), name: 'query scoped to the current user' },
    { code: httpAuthView("@token_auth.login_required(role='admin')"), name: "Flask-HTTPAuth's login_required with a role: an admin-only view" },
    { code: view("note = Note.query.filter_by(id=note_id, owner_id=session['id']).first_or_404()", 'return jsonify(body=note.body)'), name: "scoped to session['id'], the caller of hand-rolled session login (CTFd)" },
    { code: view('note = current_user.notes.filter_by(id=note_id).first_or_404()', 'return jsonify(body=note.body)'), name: "through the user's relationship" },
    { code: view('note = Note.query.filter(Note.id == note_id).filter(Note.owner_id == current_user.id).one()', 'return jsonify(body=note.body)'), name: 'a chained filter on the owner column' },
    { code: followView('current_user.follow(target)', 'db.session.commit()', "return ''"), name: "a user fetched by id only as the object of the caller's own action" },
    { code: followEchoed, name: "the caller's own action answered with the record's id, which the URL named" },
    { code: followView('me = current_user', 'if me.is_blocking(target):', '    me.unblock(target)', "return ''"), name: 'the caller held in a name, asked and acting about the record' },
    { code: claimsScoped, name: "a chained filter on the owner id taken from the token's claims" },
    { code: helperOwner("claims['uid']"), name: "a chained filter on the owner id a helper takes from the token's claims" },
    {
      code: peerView("Message.query.filter_by(sender_id=peer.id, receiver_id=current_user.id).update({'body': ''})", 'db.session.commit()', "return ''"),
      name: "a user fetched by id only keys a query of the caller's own messages",
    },
    {
      code: peerView("db.session.add(Message(sender_id=current_user.id, receiver_id=peer.id, body='hi'))", 'db.session.commit()', "return ''"),
      name: 'a user fetched by id only as the addressee of a message the caller writes',
    },
    { code: sqlDelete('id = ? AND owner_id = ?', '(note_id, current_user.id)'), name: 'SQL delete scoped to the caller' },
    { code: sqlNamed('id = ? AND owner_id = ?', '(note_id, current_user.id)'), name: 'SQL text in a name, scoped to the caller' },
    { code: sqlInline('db.session.execute(f"SELECT * FROM note WHERE id = {note_id} AND owner_id = {current_user.id}")'), name: 'an f-string query scoped to the caller' },
    { code: accountCompared('get_jwt_identity()'), name: "the sender compared with the caller's account loaded from the token" },
    { code: claimsOwner, name: "the record's user compared with the id claim of the caller's token (`get_jwt_claims()`)" },
    { code: inlineClaimsOwner, name: "the record's user compared with an id claim read straight from `get_jwt_claims()`" },
    { code: view('if current_user.id != 1:', '    abort(403)', 'return jsonify(body=Note.query.get_or_404(note_id).body)'), name: "the caller's id compared with the superuser's" },
    { code: view("if current_user.department != 'billing':", '    abort(403)', 'return jsonify(body=Note.query.get_or_404(note_id).body)'), name: "the caller's department compared with a named one: a role gate" },
    { code: view("if current_user.tier not in ('staff', 'support'):", "    return jsonify(error='forbidden'), 403", 'return jsonify(body=Note.query.get_or_404(note_id).body)'), name: "the caller's tier against a list of named tiers: a role gate" },
    {
      code: project(lines('from flask_jwt_extended import get_jwt_identity, jwt_required', '', '', "@app.get('/notes/<int:note_id>')", '@jwt_required()', 'def get_note(note_id):', '    me = get_jwt_identity()', '    note = Note.query.filter(Note.id == note_id).filter(Note.owner_id == me).first_or_404()', '    return jsonify(body=note.body)')),
      name: 'a chained filter on get_jwt_identity()',
    },
    { code: view('note = Note.query.get_or_404(note_id)', 'if note.owner_id != current_user.id:', '    abort(403)', 'return jsonify(body=note.body)'), name: 'ownership comparison' },
    {
      code: project(lines('from flask_jwt_extended import get_jwt_identity, jwt_required', '', '', "@app.get('/users/<int:user_id>')", '@jwt_required()', 'def get_user(user_id):', '    user_id = get_jwt_identity()', '    return jsonify(id=User.query.filter_by(id=user_id).first().id)')),
      name: "the URL id overwritten with the caller's own id before the query",
    },
    { code: childView('Review', 'stars'), name: 'a record whose parent belongs to nobody is shared data too' },
    { code: idAmong('Note.query.filter_by(owner_id=current_user.id)'), name: "the URL id looked up among the caller's record ids, collected in a loop" },
    {
      code: {
        ...project(lines('from roles import restricted', '', '', "@app.patch('/notes/<int:note_id>')", '@restricted', 'def archive_note(note_id):', "    Note.query.get_or_404(note_id).body = ''", '    db.session.commit()', "    return ''")),
        'roles.py': lines('from flask_praetorian import roles_accepted', '', "restricted = roles_accepted('admin', 'teacher')"),
      },
      name: 'a role decorator bound to a name',
    },
    { code: ownerHelper, name: 'an owner compared with the account id a helper is handed' },
    { code: privilegeListed, name: "a helper the view calls that aborts unless the caller's privileges list the one asked for" },
    { code: view('note = Note.query.get_or_404(note_id)', 'owner_id = note.owner_id', 'if owner_id != current_user.id:', '    abort(403)', 'return jsonify(body=note.body)'), name: "the record's owner read into a name, then compared with the caller" },
    { code: view('if not current_user.is_admin:', '    abort(403)', 'return jsonify(body=Note.query.get_or_404(note_id).body)'), name: 'role check' },
    { code: view("if session.get('role') != 'admin':", '    abort(403)', 'return jsonify(body=Note.query.get_or_404(note_id).body)'), name: 'role read from a key' },
    { code: flagGated('admin_logged_in'), name: 'a session flag named for a role, set by the admin login, is a role check' },
    { code: tokenLink("jwt.decode(token, 'app-secret', algorithms=['HS256'])"), name: 'an id from the claims of a token verified with the app key is not the URL\'s choice' },
    { code: view('note = db.session.get(Note, note_id)', 'if note is None or (note.owner_id != current_user.id and not current_user.is_admin):', '    abort(404)', 'return jsonify(body=note.body)'), name: 'owner-or-admin check answering 404' },
    { code: view('Note.query.get_or_404(note_id)', "return 'exists'"), name: 'existence check only' },
    { code: project(lines('', "@app.get('/products/<int:product_id>')", '@login_required', 'def product(product_id):', '    return jsonify(name=Product.query.get_or_404(product_id).name)')), name: 'a model that belongs to nobody is shared data' },
    {
      code: {
        'app.py': lines('from flask import Flask, jsonify', 'from flask_login import login_required', '', 'from lookups import load_product', '', 'app = Flask(__name__)', '', '', "@app.get('/products/<int:product_id>')", '@login_required', 'def product(product_id):', '    return jsonify(name=load_product(product_id).name)'),
        'lookups.py': lines('from models import Product', '', '', 'def load_product(product_id):', '    return Product.query.get_or_404(product_id)'),
        'models.py': MODELS,
      },
      name: "a helper's fetch names its model in the helper's module: shared data there too",
    },
    { code: project(lines('', "@app.get('/pages/<int:page_id>')", '@login_required', 'def page(page_id):', '    return jsonify(text=db.session.get(Page, page_id).text)')), name: "a creator the schema lets go (ondelete='SET NULL') is an audit trail of shared data" },
    { code: project(lines('', "@app.post('/tickets/<int:ticket_id>')", '@login_required', 'def edit_ticket(ticket_id):', "    Ticket.query.get_or_404(ticket_id).title = 'x'", '    db.session.commit()', "    return ''")), name: 'a creator beside a last_updated_by column records who touched a shared record' },
    { code: project(lines('', "@app.get('/notes/<int:note_id>')", "@roles_required('admin')", 'def get_note(note_id):', '    return jsonify(body=Note.query.get_or_404(note_id).body)')), name: 'role decorator' },
    { code: project(lines('', "@app.get('/notes/<int:note_id>')", 'def get_note(note_id):', '    return jsonify(body=Note.query.get_or_404(note_id).body)')), name: "open route: FG101's business" },
    {
      code: project(lines(
        '',
        'def get_note_checked(note_id, check_owner=True):',
        '    note = Note.query.get_or_404(note_id)',
        '    if check_owner and note.owner_id != current_user.id:',
        '        abort(403)',
        '    return note',
        '',
        '',
        "@app.get('/notes/<int:note_id>')",
        '@login_required',
        'def get_note(note_id):',
        '    note = get_note_checked(note_id)',
        '    return jsonify(body=note.body)',
      )),
      name: 'check in a helper the view calls',
    },
    {
      code: project(lines(
        '',
        "admin = Blueprint('admin', __name__, url_prefix='/admin')",
        '',
        '',
        '@admin.before_request',
        'def only_admins():',
        '    if not current_user.is_authenticated or not current_user.is_admin:',
        '        abort(403)',
        '',
        '',
        "@admin.get('/notes/<int:note_id>')",
        'def admin_note(note_id):',
        '    return jsonify(body=Note.query.get_or_404(note_id).body)',
        '',
        '',
        'app.register_blueprint(admin)',
      )),
      name: 'blueprint guard with a role check',
    },
    { code: guardedBlueprint("@roles_required('editor')"), name: 'a role decorator on the blueprint guard' },
    {
      code: project(lines(
        '',
        'def note_guard(view):',
        '    def wrapper(note_id):',
        '        if not current_user.is_authenticated:',
        '            abort(401)',
        '        if Note.query.get_or_404(note_id).owner_id != current_user.id:',
        '            abort(403)',
        '        return view(note_id)',
        '    return wrapper',
        '',
        '',
        "@app.get('/notes/<int:note_id>')",
        '@note_guard',
        'def get_note(note_id):',
        '    return jsonify(body=Note.query.get_or_404(note_id).body)',
      )),
      name: 'ownership test inside a project decorator (found by reading its wrapper)',
    },
    { code: userDecorated('User.query.get_or_404(user_id)'), name: "a project decorator's ownership test covers the URL parameter it reads from the view's arguments" },
    { code: view("if not current_user.can('notes:archive'):", '    abort(403)', 'note = Note.query.get_or_404(note_id)', 'return jsonify(body=note.body)'), name: 'a permission method of the current user gates a 403' },
    {
      code: withFlaskNames(view("if not current_user.can('notes:archive'):", "    flash('you may not archive notes')", "    return redirect(url_for('index'))", 'note = Note.query.get_or_404(note_id)', 'return jsonify(body=note.body)')),
      name: 'a permission method of the current user gates a redirect',
    },
    { code: view("if current_user.can('notes:read'):", '    return jsonify(body=Note.query.get_or_404(note_id).body)', 'else:', '    abort(403)'), name: "the role predicate's else turns the caller away" },
    { code: renameService('note.belongs_to(user)'), name: 'an ownership predicate in a helper the view hands the record and the user to' },
    { code: noteCollection('note.fans.remove(current_user)'), name: "the caller leaves a record's collection (un-favourite): nothing of the record is read or changed" },
    { code: noteCollection('note.likers.append(current_user)'), name: "the caller joins a record's collection that grants nothing (a like)" },
    { code: sharedLink('share_token'), name: 'a record looked up by a secret token from a link: whoever holds the token may use it' },
    { code: sessionFlagDecorated('admin_logged_in'), name: "a project decorator that tests for a role's session flag (`'admin_logged_in' not in session`) is a role check" },
    { code: adminsFirst('        abort(403)'), name: 'a project decorator that lets admins through to the view and turns everyone else away is a role check' },
  ],
  invalid: [
    { code: sharedRemoved, errors: [{ ...at(sharedRemoved['app.py'], 'Product.query') }], name: 'a shared record deleted by any account, in an app with open sign-up whose other routes check roles' },
    { code: modelIdParam, errors: [{ ...at(modelIdParam['app.py'], 'OrderItem.query') }], name: '`itemid` names an `OrderItem` by its id, spelled in one word' },
    { code: modelWordParam, errors: [{ ...at(modelWordParam['app.py'], 'OrderItem.query') }], name: '`item` names an `OrderItem` fetched by its primary key' },
    { code: idColumnParam, errors: [{ ...at(idColumnParam['app.py'], 'OrderItem.query') }], name: '`order` matched against the `orderId` column carries an order id' },
    { code: parentParam, errors: [{ ...at(parentParam['app.py'], 'Attachment.query') }], name: "`note` matched against `note_id`: another user's note's attachments" },
    { code: addedAlone, errors: [{ ...at(addedAlone['app.py'], 'Stock.query') }], name: 'who added a record, with no one else recorded touching it, owns it' },
    { code: ownerBesideRemover, errors: [{ ...at(ownerBesideRemover['app.py'], 'Stock.query') }], name: 'an owner column beside RemovedBy is still the owner' },
    { code: deleteAfterMiss, errors: [{ ...at(deleteAfterMiss['app.py'], 'Note.query.filter_by(id=note_id).delete') }], name: 'the unscoped delete runs after the miss is only recorded, found or not' },
    { code: deleteUnderOtherTest, errors: [{ ...at(deleteUnderOtherTest['app.py'], 'Note.query.filter_by(id=note_id).delete') }], name: "the unscoped delete under a test that is not about the caller's record" },
    { code: handedByLocals, errors: [{ ...at(handedByLocals['app.py'], 'Note.query') }], name: 'a record handed on by `**locals()` is used though its name is never read' },
    { code: childrenAfterCheck, errors: [{ ...at(childrenAfterCheck['app.py'], 'Attachment.query') }], name: "an existence check, then the note's attachments read by the same id" },
    { code: countedDelete, errors: [{ ...at(countedDelete['app.py'], 'Note.query') }], name: 'a delete whose count goes into a name never read still deletes' },
    { code: recordSetting, errors: [{ ...at(recordSetting['app.py'], 'Note.query') }], name: "a setting stored on the record (`note.can_comment`) is no permission test of the caller" },
    {
      code: otherIdDecorated,
      errors: [{ ...at(otherIdDecorated['app.py'], 'Note.query') }],
      name: "a project decorator's ownership test of `user_id` leaves `note_id` unchecked",
    },
    { code: tagListed, errors: [{ ...at(tagListed['app.py'], 'Note.query') }], name: "the same helper over the caller's tags: no role, nothing stops the write" },
    { code: auditOnly, errors: [{ file: 'app.py', ...at(auditOnly['app.py'], 'Note.query.get_or_404') }], name: 'a helper that compares the owner but only logs a stranger: nothing stops the read' },
    { code: droppedPredicate, errors: [{ file: 'app.py', ...at(droppedPredicate['app.py'], 'Note.query.get_or_404') }], name: "an ownership predicate whose answer the view drops" },
    { code: tutorDelete, errors: [{ ...at(tutorDelete['app.py'], 'Tutor.objects'), message: "allow it only for the caller's own id" }], name: 'a model with a stored password is an account, whatever it is called' },
    { code: mongoGet, errors: [{ ...at(mongoGet['app.py'], 'Post.objects'), message: 'filter the query on `author` too' }], name: "MongoEngine's objects.get_or_404(id=...)" },
    { code: mongoCall, errors: [{ ...at(mongoCall['app.py'], 'Post.objects') }], name: 'MongoEngine queryset called with the id' },
    {
      code: project(lines('from flask_jwt_extended import get_jwt_identity, jwt_required', '', '', "@app.get('/users/<int:user_id>')", '@jwt_required()', 'def get_user(user_id):', '    user_id = user_id or get_jwt_identity()', '    return jsonify(id=User.query.filter_by(id=user_id).first().id)')),
      errors: [{ line: 16, message: '`user_id` comes from the URL' }],
      name: "the caller's id only as a fallback: the URL id still reaches the query",
    },
    {
      code: getOr404,
      errors: [{ ...at(getOr404['app.py'], 'Note.query'), message: "`note_id` comes from the URL and `Note.query.get_or_404(note_id)` serves any user's record to every logged-in caller; filter the query on `owner_id` too (the caller's id) or check ownership before using it" }],
    },
    { code: view('note = Note.query.get_or_404(note_id)', "if note.body == 'admin notes, keep out':", '    abort(404)', 'return jsonify(body=note.body)'), errors: [{ line: 13 }], name: 'a string that mentions admin is not a role check' },
    { code: sessionGet, errors: [{ ...at(sessionGet['app.py'], 'db.session.get') }], name: 'db.session.get, then delete' },
    { code: flagGated('logged_in'), errors: [{ ...at(flagGated('logged_in')['app.py'], 'Note.query') }], name: 'a session login flag names no role' },
    { code: unverifiedLink, errors: [{ ...at(unverifiedLink['app.py'], 'Note.query') }], name: 'claims decoded without checking the signature are whatever the URL says' },
    {
      code: project(lines('', "@app.get('/invoices/<int:invoice_id>')", '@login_required', 'def invoice(invoice_id):', '    return jsonify(total=db.session.get(Invoice, invoice_id).total)')),
      errors: [{ line: 13 }],
      name: "a user_id kept as SET NULL still names the owner (records kept for accounting)",
    },
    {
      code: view('note = Note.query.get_or_404(note_id)', "if note.category != 'billing':", '    abort(403)', 'return jsonify(body=note.body)'),
      errors: [{ line: 13 }],
      name: "the record's category compared with a named one is about the record, not the caller",
    },
    { code: view("if current_user.nickname == '':", '    abort(403)', 'return jsonify(body=Note.query.get_or_404(note_id).body)'), errors: [{ line: 15 }], name: "an empty string names no kind of caller" },
    { code: filterBy, errors: [{ ...at(filterBy['app.py'], 'Note.query') }], name: 'filter_by(id=...) chain' },
    { code: filter, errors: [{ ...at(filter['app.py'], 'Note.query') }], name: 'filter(Model.id == int(id))' },
    { code: followThenPurge, errors: [{ ...at(followThenPurge['app.py'], 'db.session.get') }], name: "the record's id also keys a delete of its data" },
    { code: followReturned, errors: [{ ...at(followReturned['app.py'], 'db.session.get') }], name: 'the followed user is also returned' },
    { code: adoptNote, errors: [{ ...at(adoptNote['app.py'], 'Note.query') }], name: "a record added to one of the caller's collections changes owner" },
    { code: joinsEditors, errors: [{ ...at(joinsEditors['app.py'], 'Note.query') }], name: "joining a record's editors grants the caller the record" },
    { code: bySlug, errors: [{ ...at(bySlug['app.py'], 'SharedNote.query') }], name: 'a unique slug is an id anyone can guess, not a secret' },
    { code: loginFlagDecorated, errors: [{ ...at(loginFlagDecorated['app.py'], 'Note.query') }], name: 'a project decorator testing a login flag that names no role' },
    { code: adminsSkipLimit, errors: [{ ...at(adminsSkipLimit['app.py'], 'Note.query') }], name: 'a rate limit that admins skip: its role test only hands them to the view sooner, and refuses nobody' },
    { code: claimsIgnored, errors: [{ ...at(claimsIgnored['app.py'], 'Note.query') }], name: 'a chained filter on an owner the caller chooses' },
    { code: helper, errors: [{ ...at(helper['app.py'], 'load_note(note_id)\n'), message: '`load_note(note_id)`' }], name: 'fetch in a helper, reported at the call' },
    { code: decoratedHelper('cached'), errors: [{ ...at(decoratedHelper('cached')['app.py'], 'load_note(note_id)\n') }], name: 'fetch in a helper under a decorator that checks no role' },
    { code: checkOff, errors: [{ ...at(checkOff['app.py'], 'get_note_checked(note_id, check_owner=False)') }], name: "the helper's check switched off" },
    { code: tokenDecorator, errors: [{ ...at(tokenDecorator['app.py'], 'Note.query') }], name: 'an authentication decorator reading the Authorization header is not an ownership check' },
    { code: helperOwnerFromArgs, errors: [{ ...at(helperOwnerFromArgs['app.py'], 'Note.query') }], name: 'a chained filter on an owner id a helper takes from the query string' },
    { code: httpAuthAnyone, errors: [{ ...at(httpAuthAnyone['app.py'], 'Note.query') }], name: "Flask-HTTPAuth's login_required with no role lets any token holder in" },
    { code: withFlaskNames(permissionLogged), errors: [{ ...at(permissionLogged['app.py'], 'Note.query') }], name: 'a permission method that only flashes does not guard the record' },
    { code: loginOnlyBlueprint, errors: [{ ...at(loginOnlyBlueprint['app.py'], 'Note.query') }], name: 'a blueprint guard that only needs a login' },
    { code: publishedOnly, errors: [{ ...at(publishedOnly['app.py'], 'Note.query') }], name: 'a predicate about the record alone is not an ownership check' },
    { code: users, errors: [{ ...at(users['app.py'], 'User.query'), message: "allow it only for the caller's own id or for admins" }], name: 'user records by id' },
    { code: peerInbox, errors: [{ ...at(peerInbox['app.py'], 'User.query') }], name: "a user's id keys a query that is not the caller's: their inbox" },
    { code: requestAccount, errors: [{ ...at(requestAccount['app.py'], 'Message.query') }], name: 'the sender compared with an account the request names' },
    { code: sqlNamedAny, errors: [{ ...at(sqlNamedAny['app.py'], 'db.session.execute') }], name: 'SQL text put in a name, then executed: a delete by id' },
    { code: sqlDeleteAny, errors: [{ ...at(sqlDeleteAny['app.py'], 'db.session.execute') }], name: 'a bare SQL delete by id changes the record' },
    { code: sqlFString, errors: [{ ...at(sqlFString['app.py'], 'db.session.execute') }], name: 'the id interpolated into an f-string query' },
    { code: sqlPercent, errors: [{ ...at(sqlPercent['app.py'], 'db.session.execute') }], name: 'the id %-formatted into the query' },
    { code: sqlFormatDelete, errors: [{ ...at(sqlFormatDelete['app.py'], 'db.session.execute') }], name: 'a bare delete with the id put in by str.format' },
    { code: attachment, errors: [{ ...at(attachment['app.py'], 'Attachment.query') }], name: "a record owned through its parent (an attachment of a user's note)" },
    { code: idAmongAll, errors: [{ ...at(idAmongAll['app.py'], 'Note.query') }], name: "the URL id looked up among everyone's record ids" },
    { code: ownerFromBody, errors: [{ ...at(ownerFromBody['app.py'], 'Note.query') }], name: 'the owner compared with an id the request body names' },
    { code: ownGetSwallowed, errors: [{ ...at(ownGetSwallowed['app.py'], 'Post.objects.get(id=post_id).title') }], name: "the caller's own post fetched in a `try` whose handler lets the view go on" },
    { code: ownFirstUntested, errors: [{ ...at(ownFirstUntested['app.py'], 'Post.objects.get(id=post_id).title') }], name: "the caller's own post looked up with `.first()`, never tested, before the unscoped read" },
    { code: claimsUnchecked, errors: [{ ...at(claimsUnchecked['app.py'], 'Invoice.query') }], name: "the token's claims read but never compared with the record" },
    { code: bodyNamedClaims, errors: [{ ...at(bodyNamedClaims['app.py'], 'Invoice.query') }], name: "the record's user compared with an id from a request body that is only named `claims`" },
    { code: ownerLookedUp, errors: [{ ...at(ownerLookedUp['app.py'], 'Note.query.get_or_404') }], name: 'the owner compared with an account looked up from the query string' },
    { code: ownerInUrl, errors: [{ ...at(ownerInUrl['app.py'], 'Note.query') }], name: 'the owner compared with the account the URL names' },
    { code: otherNotesCounted, errors: [{ ...at(otherNotesCounted['app.py'], 'Note.query') }], name: 'a caller comparison in a loop over other records' },
    { code: draftChecked, errors: [{ ...at(draftChecked['app.py'], 'Note.query') }], name: 'a caller comparison about another record than the one the URL names' },
    { code: emptyInbox, errors: [{ ...at(emptyInbox['app.py'], 'Note.query') }], name: "counting the caller's records is no role check" },
  ],
});

// Found on real code (an admin dashboard): the role check is a helper whose 403 the view returns through a variable.
/** A JWT-protected delete whose role check sits in `require_superadmin()`; `view` is the view's body before the fetch. */
const superadminDelete = (helper: string[], ...view: string[]) =>
  "from flask import Blueprint, abort, jsonify\nfrom flask_jwt_extended import jwt_required, get_jwt\nfrom models import User\n\nbp = Blueprint('users', __name__)\n\n\n" +
  lines('def require_superadmin():', "    if get_jwt().get('role') != 'superadmin':", ...helper.map((l) => '        ' + l)) +
  '\n\n' +
  lines("@bp.delete('/users/<user_id>')", '@jwt_required()', 'def delete_user(user_id):', ...view.map((l) => '    ' + l), '    user = User.query.get_or_404(user_id)', '    user.delete()', "    return '', 204");
const RETURNS_403 = ["return jsonify(error='Superadmin access required'), 403"];

test('FG303: `error = require_superadmin(); if error: return error` is a role check', async () => {
  assert.deepEqual(await findingLines(superadminDelete(RETURNS_403, 'error = require_superadmin()', 'if error:', '    return error'), ['FG303']), []);
});

test('FG303: a role helper that aborts itself is a check where the view calls it as a statement', async () => {
  assert.deepEqual(await findingLines(superadminDelete(['abort(403)'], 'require_superadmin()'), ['FG303']), []);
});

test('FG303: a role helper whose 403 response the view drops is no check', async () => {
  const dropped = superadminDelete(RETURNS_403, 'require_superadmin()');
  const ignored = superadminDelete(RETURNS_403, 'error = require_superadmin()');
  assert.deepEqual(await findingLines(dropped, ['FG303']), [`app.py:${at(dropped, 'User.query').line} FG303`]);
  assert.deepEqual(await findingLines(ignored, ['FG303']), [`app.py:${at(ignored, 'User.query').line} FG303`]);
});

// Found on real code (miguelgrinberg/microblog-api): the record fetched by id is only the object of the caller's own action.
test('FG303: following a user fetched by id changes the caller, not the record', async () => {
  const code =
    "from flask import Flask, abort\nfrom flask_login import login_required, current_user\nfrom models import User, db\n\napp = Flask(__name__)\n\n\n" +
    "@app.post('/users/me/following/<int:id>')\n@login_required\ndef follow(id):\n    followed_user = db.session.get(User, id) or abort(404)\n    current_user.follow(followed_user)\n    db.session.commit()\n    return {}\n";
  assert.deepEqual(await findingLines(code, ['FG303']), []);
});

// Found on real code (an OpenStack service API): each view's decorator enforces an access-policy rule it is given,
// through a check that raises; a decorator whose check names no rule only authenticates.
/** A view under `@guarded` whose wrapper calls `check` as a statement. */
const policyDecorated = (check: string) =>
  "from functools import wraps\n\nfrom flask import Flask, jsonify, request\n\nfrom auth import enforce\nfrom models import Note\n\napp = Flask(__name__)\n\n\n" +
  lines('def guarded(rule):', '    def outer(view):', '        @wraps(view)', '        def wrapper(*args, **kwargs):', `            ${check}`, '            return view(*args, **kwargs)', '        return wrapper', '    return outer') +
  '\n\n\n' +
  lines("@app.get('/notes/<int:note_id>')", "@guarded('notes:read')", 'def show_note(note_id):', '    return jsonify(body=Note.query.get_or_404(note_id).body)');
const ENFORCE_MODULE = lines('from flask import abort', '', '', 'def enforce(request, rule=None):', "    if not request.headers.get('X-Roles'):", '        abort(401)');

test('FG303: a decorator that enforces the policy rule it is given is a role check', async () => {
  const code = policyDecorated('enforce(request, rule=rule)');
  assert.deepEqual(await findingLines({ 'app.py': code, 'auth.py': ENFORCE_MODULE, 'models.py': MODELS }, ['FG303']), []);
});

test('FG303: a decorator whose check is given no rule, role or permission only authenticates', async () => {
  const code = policyDecorated('enforce(request)');
  assert.deepEqual(await findingLines({ 'app.py': code, 'auth.py': ENFORCE_MODULE, 'models.py': MODELS }, ['FG303']), [`app.py:${at(code, 'Note.query').line} FG303`]);
});

// Found in an idiom sweep (self-hosted dashboards): ids named after their record (`<int:sid>`, `<note_slug>`) are ids
// too when the view looks the record up by them through its primary key or a unique column.
const KEYED_MODELS = lines(
  'from flask_sqlalchemy import SQLAlchemy',
  '',
  'db = SQLAlchemy()',
  '',
  '',
  'class Server(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    slug = db.Column(db.String(40), unique=True)',
  '    region = db.Column(db.String(20))',
  "    owner_id = db.Column(db.Integer, db.ForeignKey('user.id'))",
  '',
  '',
  'class User(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    username = db.Column(db.String(40), unique=True)',
);
/** A login-required view of `/servers/<rule>` whose body is `body`. */
const keyedView = (rule: string, param: string, ...body: string[]) => ({
  'app.py': lines('from flask import Flask, jsonify', 'from flask_login import login_required', '', 'from models import Plan, Server, User, db', '', 'app = Flask(__name__)', '', '', `@app.get('/servers/${rule}')`, '@login_required', `def server(${param}):`, ...body.map((b) => '    ' + b)),
  'models.py': KEYED_MODELS,
});

for (const [name, rule, param, fetch] of [
  ['query.get by a short id', '<int:sid>', 'sid', 'Server.query.get(sid)'],
  ['get_or_404 by a short id', '<int:sid>', 'sid', 'Server.query.get_or_404(sid)'],
  ['filter_by(id=...) by a short id', '<int:nid>', 'nid', 'Server.query.filter_by(id=nid).first_or_404()'],
  ['db.session.get by a short id', '<int:sid>', 'sid', 'db.session.get(Server, sid)'],
  ['a unique slug column', '<server_slug>', 'server_slug', 'Server.query.filter_by(slug=server_slug).first_or_404()'],
  ['a unique column compared in filter()', '<server_slug>', 'server_slug', 'Server.query.filter(Server.slug == server_slug).one()'],
] as const) {
  test(`FG303: a record looked up by its key through a parameter not called an id: ${name}`, async () => {
    const code = keyedView(rule, param, `s = ${fetch}`, 'return jsonify(region=s.region)');
    assert.deepEqual(await findingLines(code, ['FG303']), [`app.py:${at(code['app.py'], fetch).line} FG303`]);
  });
}

for (const [name, rule, param, fetch] of [
  ['a column that is not unique names a group, not a record', '<region>', 'region', 'Server.query.filter_by(region=region).first_or_404()'],
  ['scoped to the caller', '<int:sid>', 'sid', 'Server.query.filter_by(id=sid, owner_id=current_user.id).first_or_404()'],
  ['a parameter that is not the lookup key', '<region>', 'region', "Server.query.filter_by(owner_id=current_user.id).filter(Server.region.like(region + '%')).first()"],
  ['a model the workspace does not define', '<int:sid>', 'sid', 'Plan.query.get(sid)'],
  ["a user's unique handle (a profile page)", '<username>', 'username', 'User.query.filter_by(username=username).first_or_404()'],
] as const) {
  test(`FG303: ${name}`, async () => {
    const code = keyedView(rule, param, `s = ${fetch}`, 'return jsonify(region=s.region)');
    code['app.py'] = code['app.py'].replace('import login_required', 'import current_user, login_required');
    assert.deepEqual(await findingLines(code, ['FG303']), []);
  });
}

// Found on real code (a team platform): any member could rewrite another member's role through a page keyed by the handle.
test("FG303: a view that changes the account a unique handle names is no profile page", async () => {
  const fetch = 'User.query.filter_by(username=username).first_or_404()';
  const code = keyedView('<username>', 'username', `s = ${fetch}`, "s.role = request.form['role']", 'db.session.commit()', 'return jsonify(ok=True)');
  code['app.py'] = code['app.py'].replace("@app.get('/servers/", "@app.post('/servers/");
  assert.deepEqual(await findingLines(code, ['FG303']), [`app.py:${at(code['app.py'], fetch).line} FG303`]);
});

// Round 21 (an ML-serving API): the view hands the handle to a project helper that looks the account up by it.
test('FG303: an account a helper looks up by its handle, deleted or given a token by the view; only read, it is a profile page', async () => {
  const helper = lines('def find_account(handle):', '    return User.query.filter_by(username=handle).first()', '', '', '');
  const code = (method: string, ...body: string[]) => {
    const c = keyedView('<username>', 'username', ...body);
    c['app.py'] = c['app.py'].replace("@app.get('/servers/", `${helper}@app.${method}('/servers/`);
    return c;
  };
  const deleted = code('delete', 's = find_account(username)', 'db.session.delete(s)', 'db.session.commit()', "return ''");
  assert.deepEqual(await findingLines(deleted, ['FG303']), [`app.py:${at(deleted['app.py'], 's = find_account').line} FG303`]);
  assert.deepEqual(await findingLines(code('get', 's = find_account(username)', 'return jsonify(name=s.username)'), ['FG303']), []);
  // A token minted for the account lets the caller act as it: no profile page.
  const minted = code('get', 's = find_account(username)', 'return jsonify(token=s.generate_auth_token(600))');
  assert.deepEqual(await findingLines(minted, ['FG303']), [`app.py:${at(minted['app.py'], 's = find_account').line} FG303`]);
});

// Found on real code (Springboard-style notes apps): the session key of the caller is a module constant.
test('FG303: the URL username compared with the session user kept under a constant key is an ownership check', async () => {
  const code = (test: string) => ({
    'app.py': lines('from flask import Flask, redirect, render_template, session', '', 'from models import User', '', 'app = Flask(__name__)', "AUTH_KEY = 'username'", '', '', "@app.get('/users/<username>')", 'def show_user(username):', '    if AUTH_KEY not in session:', "        return redirect('/login')", `    ${test}`, "        return redirect('/login')", '    user = User.query.get_or_404(username)', "    return render_template('user.html', user=user)"),
    'models.py': lines('from flask_sqlalchemy import SQLAlchemy', '', 'db = SQLAlchemy()', '', '', 'class User(db.Model):', '    username = db.Column(db.String(20), primary_key=True)', '    email = db.Column(db.String(50))'),
  });
  assert.deepEqual(await findingLines(code('if session[AUTH_KEY] != username:'), ['FG303']), []);
  const unchecked = code("if not username.isalnum():");
  assert.deepEqual(await findingLines(unchecked, ['FG303']), [`app.py:${at(unchecked['app.py'], 'User.query').line} FG303`]);
});

// Round 6 (AI-written APIs, SaaS and IoT apps): the caller's membership, published records, machine principals in `g`.
const SHARE_MODELS = lines(
  MODELS,
  '',
  '',
  'class Share(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  "    note_id = db.Column(db.Integer, db.ForeignKey('note.id'))",
  "    user_id = db.Column(db.Integer, db.ForeignKey('user.id'))",
);
const shareView = (...body: string[]) => ({
  ...view(...body),
  'app.py': view(...body)['app.py'].replace('from flask import Blueprint, Flask, abort, jsonify, session', 'from flask import Blueprint, Flask, abort, g, jsonify, session').replace('Ticket, User, db', 'Share, Ticket, User, db'),
  'models.py': SHARE_MODELS,
});
const memberUnenforced = shareView('share = Share.query.filter_by(note_id=note_id, user_id=current_user.id).first()', 'note = db.get_or_404(Note, note_id)', 'return jsonify(body=note.body, shared=bool(share))');
const publicChanged = shareView('note = Note.query.filter_by(id=note_id, is_public=True).first_or_404()', "note.body = ''", 'db.session.commit()', "return ''");
const publishedDeleted = shareView("note = db.session.scalars(db.select(Note).where(Note.id == note_id, Note.status == 'published')).first()", 'db.session.delete(note)', "return ''");
const requestDb = shareView('note = g.db.query(Note).filter_by(id=note_id).first()', 'return jsonify(body=note.body)');

ruleTester(rule, {
  valid: [
    {
      code: shareView('Share.query.filter_by(note_id=note_id, user_id=current_user.id).first_or_404()', 'note = db.session.get(Note, note_id)', 'return jsonify(body=note.body)'),
      name: "the caller's membership of the id, required with first_or_404, vouches for the record",
    },
    {
      code: shareView(
        'share = db.session.execute(db.select(Share).filter_by(note_id=note_id, user_id=current_user.id)).scalar_one_or_none()',
        'if share is None:',
        '    abort(403)',
        'note = db.get_or_404(Note, note_id)',
        'return jsonify(body=note.body)',
      ),
      name: "the caller's membership looked up with SQLAlchemy 2.0 and refused when missing",
    },
    { code: shareView('note = Note.query.filter_by(id=note_id, is_public=True).first_or_404()', 'return jsonify(body=note.body)'), name: 'only a public record, only read' },
    { code: shareView("note = db.session.scalars(db.select(Note).where(Note.id == note_id, Note.status == 'published')).first()", 'return jsonify(body=note.body)'), name: 'only a published record (2.0 select), only read' },
    { code: shareView('note = Note.query.filter_by(id=note_id, api_key_id=g.api_key.id).first_or_404()', 'return jsonify(body=note.body)'), name: 'scoped to the API key the guard kept in g' },
    { code: shareView('note = db.get_or_404(Note, note_id)', 'if note.owner_id != g.device.owner_id:', '    abort(403)', 'return jsonify(body=note.body)'), name: 'compared with the device the token guard kept in g' },
  ],
  invalid: [
    { code: memberUnenforced, errors: [{ ...at(memberUnenforced['app.py'], 'db.get_or_404') }], name: 'a membership looked up but never enforced' },
    { code: publicChanged, errors: [{ ...at(publicChanged['app.py'], 'Note.query') }], name: 'a public record changed by any caller' },
    { code: publishedDeleted, errors: [{ ...at(publishedDeleted['app.py'], 'db.select') }], name: 'a published record deleted by any caller' },
    { code: requestDb, errors: [{ ...at(requestDb['app.py'], 'g.db') }], name: "the request's database handle in g is no principal" },
  ],
});

/** A service-layer helper the view hands the id to, and maybe the caller. */
const serviceView = (call: string) =>
  project(lines(
    '',
    'def get_for_user(note_id, user_id=None):',
    '    return db.session.execute(db.select(Note).filter_by(id=note_id, owner_id=user_id)).scalar_one_or_none()',
    '',
    '',
    "@app.get('/notes/<int:note_id>')",
    '@login_required',
    'def get_note(note_id):',
    `    note = ${call}`,
    '    return jsonify(body=note.body)',
  ));
const serviceWithoutCaller = serviceView('get_for_user(note_id)');
const getOne = view('note = db.session.get_one(Note, note_id)', 'return jsonify(body=note.body)');

ruleTester(rule, {
  valid: [
    { code: serviceView('get_for_user(note_id, current_user.id)'), name: 'a helper handed the caller scopes the query by it' },
    { code: serviceView('get_for_user(note_id, user_id=current_user.id)'), name: 'a helper handed the caller by keyword' },
  ],
  invalid: [
    { code: serviceWithoutCaller, errors: [{ ...at(serviceWithoutCaller['app.py'], 'get_for_user(note_id)') }], name: 'the same helper handed no caller' },
    { code: getOne, errors: [{ ...at(getOne['app.py'], 'db.session.get_one') }], name: "SQLAlchemy 2.0's Session.get_one" },
  ],
});

// Round 16 (an HR app on Flask-RESTX): a word in a namespace's name is no role check, while a role helper the view
// asks, and refuses on, is one whatever role it is named for.
/** A JWT-protected RESTX resource of `staff_ns` whose `delete` runs `body` before fetching the note. */
const restxResource = (decorators: string[], ...body: string[]) =>
  project(lines(
    'from flask_jwt_extended import get_jwt_identity, jwt_required',
    'from flask_restx import Api, Namespace, Resource',
    'from guards import staff_only',
    '',
    'api = Api(app)',
    "staff_ns = Namespace('staff')",
    '',
    '',
    'def is_clerk():',
    "    return get_jwt_identity()['role'] == 'clerk'",
    '',
    '',
    'def is_valid(note_id):',
    '    return note_id > 0',
    '',
    '',
    "@staff_ns.route('/notes/<int:note_id>')",
    'class StaffNote(Resource):',
    '    @jwt_required()',
    ...decorators.map((d) => '    ' + d),
    '    def delete(self, note_id):',
    ...body.map((b) => '        ' + b),
    '        db.session.delete(Note.query.get_or_404(note_id))',
    '        db.session.commit()',
    "        return '', 204",
    '',
    '',
    'api.add_namespace(staff_ns)',
  ));
const namespaceDocumented = restxResource(["@staff_ns.doc(description='Delete a note')", '@staff_ns.response(204, "deleted")']);
const validityRefused = restxResource([], 'if not is_valid(note_id):', "    return {'message': 'bad id'}, 403");
const clerkAsked = restxResource([], 'if is_clerk():', "    return {'message': 'clerks only read'}, 200");

ruleTester(rule, {
  valid: [
    { code: restxResource(['@staff_ns.doc(description="Delete a note")', '@staff_only']), name: 'a decorator named for a role, beside a namespace named for one' },
    { code: restxResource([], 'if not is_clerk():', "    return {'message': 'clerks only'}, 403"), name: 'a role helper named for any role, refused on' },
    { code: restxResource([], 'if is_clerk():', '    pass', 'else:', '    abort(403)'), name: "the role helper's else turns the caller away" },
  ],
  invalid: [
    { code: namespaceDocumented, errors: [{ ...at(namespaceDocumented['app.py'], 'Note.query') }], name: "a namespace's documentation decorators check no role, whatever it is named" },
    { code: validityRefused, errors: [{ ...at(validityRefused['app.py'], 'Note.query') }], name: 'a helper that tests the id, not the caller, is no role check' },
    { code: clerkAsked, errors: [{ ...at(clerkAsked['app.py'], 'Note.query') }], name: 'a role helper asked but never refused on' },
  ],
});

// Round 16: a blueprint no app registers (a leftover next to the one the app serves) takes no requests.
test('FG303: a fetch on a blueprint that no app registers is never served', async () => {
  const blueprint = (name: string) =>
    lines('from flask import Blueprint, jsonify', 'from flask_login import login_required', '', 'from models import Note', '', `${name} = Blueprint('${name}', __name__)`, '', '', `@${name}.get('/notes/<int:note_id>')`, '@login_required', 'def show_note(note_id):', '    return jsonify(body=Note.query.get_or_404(note_id).body)');
  const code = { 'app.py': lines('from flask import Flask', '', 'from current import current', '', 'app = Flask(__name__)', 'app.register_blueprint(current)'), 'current.py': blueprint('current'), 'legacy.py': blueprint('legacy'), 'models.py': MODELS };
  assert.deepEqual(await findingLines(code, ['FG303']), [`current.py:${at(code['current.py'], 'Note.query').line} FG303`]);
});

// Round 24 (a course app): a helper the view calls reads the caller's role only to trim what it lists. That read
// refuses no one and scopes no query, so it guards neither the helper's fetch nor the view's.
/** The view fetches the note, then lists its attachments through a helper whose role test is `roleTest`. */
const attachmentsHelper = (...roleTest: string[]) =>
  project(lines(
    '',
    'def list_attachments(note_id):',
    '    items = Attachment.query.filter_by(note_id=note_id)',
    ...roleTest.map((l) => '    ' + l),
    '    return items.all()',
    '',
    '',
    "@app.get('/notes/<int:note_id>/attachments')",
    '@login_required',
    'def note_attachments(note_id):',
    '    note = Note.query.get_or_404(note_id)',
    '    items = list_attachments(note_id)',
    '    return jsonify(title=note.body, names=[a.name for a in items])',
  ));
const roleTrims = attachmentsHelper("if current_user.role == 'guest':", '    items = items.filter(Attachment.name != None)');
const roleLabel = project(lines(
  '',
  "@app.get('/notes/<int:note_id>')",
  '@login_required',
  'def open_note(note_id):',
  '    label = describe(note_id)',
  '    return jsonify(body=Note.query.get_or_404(note_id).body, label=label)',
  '',
  '',
  'def describe(note_id):',
  "    return 'guest view' if current_user.role == 'guest' else 'full view'",
));

ruleTester(rule, {
  valid: [
    { code: attachmentsHelper("if current_user.role != 'editor':", '    abort(403)'), name: 'a helper that aborts unless the role matches still guards' },
    { code: attachmentsHelper('assert current_user.is_admin'), name: 'a helper that asserts the role' },
    { code: attachmentsHelper('if not current_user.is_admin:', '    items = items.join(Note).filter(Note.owner_id == current_user.id)'), name: "a helper whose role test narrows the query to the caller's notes" },
    { code: attachmentsHelper("items = items if current_user.role == 'admin' else items.filter_by(owner_id=current_user.id)"), name: 'the same narrowing as a conditional expression' },
  ],
  invalid: [
    { code: roleTrims, errors: [{ ...at(roleTrims['app.py'], 'Note.query') }], name: "a helper's role read that only trims the list guards nothing" },
    { code: roleLabel, errors: [{ ...at(roleLabel['app.py'], 'Note.query') }], name: "a helper that picks a label by the caller's role" },
  ],
});

// Round 24 (a pymongo shop): the document is looked up by the URL id in a dict filter, in the view or in a model class's
// own `find_one`. A collection is someone's when it holds accounts or the app inserts documents naming an owner into it.
const mongoApp = (...view: string[]) => ({
  'app.py': lines(
    'from bson import ObjectId',
    'from flask import Flask, jsonify',
    'from flask_login import current_user, login_required',
    'from pymongo import MongoClient',
    '',
    'app = Flask(__name__)',
    'mongo = MongoClient().shop',
    '',
    '',
    'class Order:',
    '    @staticmethod',
    '    def find_one(order_id):',
    "        return mongo.orders.find_one({'_id': ObjectId(order_id)})",
    '',
    '',
    'def place_order(item):',
    "    mongo.orders.insert_one({'item': item, 'user_id': current_user.id})",
    "    mongo.products.insert_one({'name': item})",
    '',
    '',
    ...view,
  ),
});
const mongoOrder = mongoApp("@app.get('/orders/<order_id>')", '@login_required', 'def show_order(order_id):', "    order = mongo.orders.find_one({'_id': ObjectId(order_id)})", "    return jsonify(item=order['item'])");
const mongoOrderByModel = mongoApp("@app.get('/orders/<order_id>')", '@login_required', 'def show_order(order_id):', '    order = Order.find_one(order_id)', "    return jsonify(item=order['item'])");
const mongoAccount = mongoApp("@app.get('/users/<user_id>')", '@login_required', 'def show_user(user_id):', "    user = mongo['users'].find_one({'_id': ObjectId(user_id)})", "    return jsonify(email=user['email'])");

ruleTester(rule, {
  valid: [
    { code: mongoApp("@app.get('/orders/<order_id>')", '@login_required', 'def show_order(order_id):', "    order = mongo.orders.find_one({'_id': ObjectId(order_id), 'user_id': current_user.id})", "    return jsonify(item=order['item'])"), name: "a pymongo filter that names the caller's id" },
    { code: mongoApp("@app.get('/products/<product_id>')", '@login_required', 'def show_product(product_id):', "    product = mongo.products.find_one({'_id': ObjectId(product_id)})", "    return jsonify(name=product['name'])"), name: 'a collection whose inserted documents name no owner is shared' },
    { code: mongoApp("@app.get('/carts/<cart_id>')", '@login_required', 'def show_cart(cart_id):', "    cart = mongo.carts.find_one({'_id': ObjectId(cart_id)})", "    return jsonify(items=cart['items'])"), name: 'a collection the app never inserts a document into says nothing of an owner' },
    { code: mongoApp("@app.get('/users/<username>')", '@login_required', 'def show_user(username):', "    user = mongo.users.find_one({'username': username})", "    return jsonify(name=user['username'])"), name: 'a profile looked up by its handle only to read it' },
  ],
  invalid: [
    { code: mongoOrder, errors: [{ ...at(mongoOrder['app.py'], "mongo.orders.find_one({'_id': ObjectId(order_id)})\n    return") }], name: 'a pymongo lookup by the URL id in a collection of owned documents' },
    { code: mongoOrderByModel, errors: [{ ...at(mongoOrderByModel['app.py'], 'Order.find_one(order_id)\n    return') }], name: "the same lookup in a model class's own find_one, reported at the view's call" },
    { code: mongoAccount, errors: [{ ...at(mongoAccount['app.py'], "mongo['users']") }], name: 'an account looked up by the URL id' },
  ],
});

// Round 26 (a bucket-list API): the record's name is reused by a loop over the caller's own records further down the
// view, which made the name read as the caller, and the ownership comparison as the caller compared with itself.
/** The URL's note, served under `test`; then the caller's notes listed, each bound to `loopName`. */
const listedAfter = (test: string, loopName: string) =>
  view(
    'note = Note.query.get_or_404(note_id)',
    'latest = Note.query.filter_by(owner_id=current_user.id).first()',
    `if ${test}:`,
    '    return jsonify(body=note.body)',
    'bodies = []',
    `for ${loopName} in Note.query.filter_by(owner_id=current_user.id):`,
    `    bodies.append(${loopName}.body)`,
    'return jsonify(bodies=bodies)',
  );
const latestCompared = listedAfter('latest.owner_id == current_user.id', 'note');

ruleTester(rule, {
  valid: [
    { code: listedAfter('note.owner_id == current_user.id', 'note'), name: "an ownership comparison of the fetched record, whose name a loop over the caller's notes reuses" },
    { code: listedAfter('current_user.id == note.owner_id', 'note'), name: 'the same comparison written caller first' },
  ],
  invalid: [
    { code: latestCompared, errors: [{ ...at(latestCompared['app.py'], 'Note.query.get_or_404') }], name: "a name holding the caller's own record, compared with the caller, checks nothing of the URL's record" },
  ],
});

// Round 27 (evaluation 11): a helper handed a name the view bound to the caller (`owner = get_jwt_identity()`); an
// id a multi-role login keeps in the session (`session['doctor_id']`), compared with the record or bound in the SQL
// WHERE clause (not a value the statement sets); and a composite key whose other part is the caller's.
/** A JWT view that binds `owner` to `bind` and hands it, with the URL's id, to a helper that filters by both. */
const heldCaller = (bind: string) =>
  project(lines(
    'from flask import request',
    'from flask_jwt_extended import get_jwt_identity, jwt_required',
    '',
    '',
    'def fetch_owned(note_id, owner_id):',
    '    return Note.query.filter_by(id=note_id, owner_id=owner_id).first()',
    '',
    '',
    "@app.delete('/notes/<int:note_id>')",
    '@jwt_required()',
    'def drop_note(note_id):',
    `    owner = ${bind}`,
    '    note = fetch_owned(note_id, owner)',
    '    if note is None:',
    "        return jsonify(error='not found'), 404",
    '    db.session.delete(note)',
    '    db.session.commit()',
    "    return ''",
  ));
const ownerFromRequest = heldCaller("request.args['owner']");
const selectNote = 'db.session.execute("SELECT * FROM note WHERE id = ?", (note_id,))';
/** A logged-in view running `sql` with `params` on the note the URL names. */
const sqlRun = (sql: string, params: string) =>
  project(lines('', "@app.post('/notes/<int:note_id>/claim')", '@login_required', 'def claim_note(note_id):', `    db.session.execute('${sql}', ${params})`, '    db.session.commit()', "    return ''"));
const claimedByCaller = sqlRun('UPDATE note SET owner_id = ? WHERE id = ?', '(current_user.id, note_id)');
const reviewerSet = sqlRun('UPDATE note SET reviewer_id = ? WHERE id = ?', "(session['doctor_id'], note_id)");
const comparedWithSetting = sqlInline(selectNote, "if note['author_id'] != session['theme']:", '    abort(403)');
/** `Note.query.get(key)` served under a route that names a folder and a note. */
const compositeKey = (key: string) =>
  project(lines('', "@app.get('/folders/<int:folder_id>/notes/<int:note_id>')", '@login_required', 'def folder_note(folder_id, note_id):', `    note = Note.query.get(${key})`, '    return jsonify(body=note.body)'));
const bothFromUrl = compositeKey('(folder_id, note_id)');

ruleTester(rule, {
  valid: [
    { code: heldCaller('get_jwt_identity()'), name: 'a helper handed a name the view bound to the JWT identity filters by it' },
    { code: heldCaller('current_user.id'), name: "a helper handed a name the view bound to the caller's id" },
    { code: sqlInline(selectNote, "if note['author_id'] != session['doctor_id']:", '    abort(403)'), name: 'the record compared with the id a multi-role login keeps in the session' },
    {
      code: sqlInline(selectNote, 'allowed = False', "if note['author_id'] == session.get('patient_id'):", '    allowed = True', 'if not allowed:', '    abort(403)'),
      name: 'the same comparison carried through a flag the view refuses on',
    },
    { code: sqlDelete('id = ? AND doctor_id = ?', "(note_id, session['doctor_id'])"), name: "SQL delete whose WHERE clause binds the session's id" },
    { code: sqlDelete('id = :nid AND doctor_id = :me', "{'nid': note_id, 'me': session['doctor_id']}"), name: 'the same with named placeholders' },
    { code: sqlInline('db.session.execute("SELECT * FROM note WHERE id = %s AND writer = %s" % (note_id, current_user.id))'), name: "a %-formatted query whose WHERE clause binds the caller" },
    { code: compositeKey('(current_user.id, note_id)'), name: "a composite key whose other part is the caller's" },
    { code: compositeKey('(current_user.folder.id, note_id)'), name: "a composite key whose other part is the caller's own folder" },
  ],
  invalid: [
    { code: ownerFromRequest, errors: [{ ...at(ownerFromRequest['app.py'], 'fetch_owned(note_id, owner)') }], name: 'a helper handed a name bound to what the request says' },
    { code: claimedByCaller, errors: [{ ...at(claimedByCaller['app.py'], 'db.session.execute') }], name: "SQL that sets the caller as the owner of any note: the caller is a value set, not a filter" },
    { code: reviewerSet, errors: [{ ...at(reviewerSet['app.py'], 'db.session.execute') }], name: "the session's id as a value set, not a filter" },
    { code: comparedWithSetting, errors: [{ ...at(comparedWithSetting['app.py'], 'db.session.execute') }], name: 'a session setting that names no one is no caller' },
    { code: bothFromUrl, errors: [{ ...at(bothFromUrl['app.py'], 'Note.query.get') }], name: 'a composite key whose parts both come from the URL' },
  ],
});
