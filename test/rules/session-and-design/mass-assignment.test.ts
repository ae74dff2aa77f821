import rule from '../../../server/src/rules/session-and-design/mass-assignment';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';

const MODELS = lines(
  'from flask_sqlalchemy import SQLAlchemy',
  '',
  'db = SQLAlchemy()',
  '',
  '',
  'class User(db.Model):',
  '    id = db.Column(db.Integer, primary_key=True)',
  '    display_name = db.Column(db.String(50))',
  '    is_admin = db.Column(db.Boolean, default=False)',
  '    plan = db.Column(db.String(20))',
  '',
  '    def update(self, values):',
  '        for column in self.__table__.columns:',
  '            if column.name in values:',
  '                setattr(self, column.name, values[column.name])',
);
const HEAD = lines('from flask import Flask, request', 'from flask_login import current_user', '', 'from models import User, db', '', 'app = Flask(__name__)', "FIELDS = {'display_name'}", '');
const view = (...body: string[]) => ({ 'app.py': HEAD + lines('', "@app.post('/profile')", 'def profile():', ...body.map((b) => '    ' + b)), 'models.py': MODELS });

const restx = (...body: string[]) => ({
  'app.py': lines('from flask_restx import Namespace, Resource', '', 'from models import User, db', '', "ns = Namespace('users')", '', '', "@ns.route('/')", 'class Users(Resource):', '    def post(self):', ...body.map((b) => '        ' + b)),
  'models.py': MODELS,
});
const restxPayload = restx('user = User(**ns.payload)', 'db.session.add(user)');
const restxPayloadVar = restx('data = self.api.payload', 'user = User.query.get(data["id"])', 'user.update(data)');
const ctor = view('user = User(**request.get_json())', 'db.session.add(user)');
const fetched = view('data = request.json', "user = User.query.get(data['id'])", 'user.update(data)');
const loop = view('for key, value in request.form.items():', '    setattr(current_user, key, value)');
const query = view('User.query.filter_by(id=current_user.id).update(request.get_json())');
const dunder = view('current_user.__dict__.update(request.json)');
const comprehension = view('payload = request.get_json()', 'clean = {k: v for k, v in payload.items()}', 'current_user.update(clean)');
const valueFilter = view('changes = {k: v for k, v in request.form.items() if v is not None}', 'current_user.__dict__.update(changes)');
const keysLoop = view('data = request.get_json()', 'for key in data:', '    if hasattr(current_user, key):', '        setattr(current_user, key, data[key])');
const twoSetattrs = view('data = request.get_json()', 'for key, value in data.items():', '    setattr(current_user, key, value)', '    setattr(current_user.profile, key, value)');
const twoLoops = view('for key, value in request.form.items():', '    setattr(current_user, key, value)', 'for key, value in request.json.items():', '    setattr(current_user, key, value)');
const factory = view('user = User.create(**request.form)');
const core = view('db.session.execute(db.update(User).where(User.id == 1).values(**request.json))');
const coreInsert = view('db.session.execute(db.insert(User).values(request.get_json()))');
const copiedDict = view('body = request.get_json()', 'User.query.filter_by(id=current_user.id).update(dict(**body))');
const copiedLiteral = view("user = User(**{**request.form, 'plan': 'free'})");
const literalThenMerged = view("changes = {'display_name': request.form['display_name']}", 'changes.update(request.get_json())', 'User.query.filter_by(id=current_user.id).update(changes)');
const splatBound = view("changes = {**request.form}", 'current_user.update(changes)');
const MONGO = lines('from mongoengine import BooleanField, Document, StringField', '', '', 'class User(Document):', '    display_name = StringField()', '    is_admin = BooleanField(default=False)');
/** MongoEngine: the document's manager builds and saves one (`User.objects.create(**data)`), as `User(**data).save()` does. */
const mongoView = (...body: string[]) => ({ ...view(...body), 'models.py': MONGO });
const mongoCreate = mongoView('data = request.get_json()', 'user = User.objects.create(**data)');
/** A manager of a class the workspace does not define (an embedded or imported document): still a stored record. */
const managerOutOfSight = view('data = request.get_json()', 'Badge.objects.create(**data)');
/** pymongo: the collection stores what it is given (`insert_one(doc)`, the fields of `{'$set': fields}`). */
const pyInsert = view('doc = request.get_json()', "doc['owner'] = current_user.id", 'mongo.db.notes.insert_one(doc)');
const pySet = view("mongo.db.users.update_one({'_id': current_user.id}, {'$set': request.json})");
const pyLegacySet = view('data = request.json', "mongo.db.users.update({'_id': current_user.id}, {'$set': data}, upsert=True)");
const pyFindSet = view("mongo.db.users.find_one_and_update({'_id': current_user.id}, update={'$set': dict(request.form)})");
const pyReplace = view("mongo.db.users.replace_one({'_id': current_user.id}, request.get_json())");
const pyMany = view('mongo.db.notes.insert_many(request.get_json())');
const pyReplaceCopy = view("mongo.db.users.replace_one({'_id': current_user.id}, {**request.form, 'plan': 'free'})");
const mongo = { ...view('user = User(**request.get_json())', 'user.save()'), 'models.py': MONGO };
/** A form field decoded from JSON (`json.loads(request.form['payload'])`) is a mapping the client fills. */
const decodedField = view("data = json.loads(request.form['payload'])", 'store.update(current_user.id, data)');
/** A key of the JSON body may hold a whole object. */
const jsonKey = view("User.query.filter_by(id=current_user.id).update(request.json['profile'])");
/** pymongo's legacy `update(spec, document, upsert)`: a flag after the document still fits its signature. */
const pyLegacyUpsert = view('data = request.get_json()', "mongo.db.users.update({'_id': current_user.id}, data, True)");

/** A model whose own `update(changes)` has the given body: the call runs it, not a library update. */
const ownUpdate = (...method: string[]) => ({
  'app.py': HEAD.replace('from models import User, db', 'from models import Article, User, db') + lines('', "@app.put('/articles/<int:aid>')", 'def edit(aid):', '    article = Article.query.get_or_404(aid)', '    article.update(request.get_json())', "    return {'ok': True}"),
  'models.py': MODELS + lines('', '', 'class Article(db.Model):', '    id = db.Column(db.Integer, primary_key=True)', '    headline = db.Column(db.String(80))', '    author_id = db.Column(db.Integer)', '', '    def update(self, changes):', ...method.map((m) => '        ' + m)),
});
/** The app's own storage class with a static `insert_one(form)`: its body decides what is stored. */
const ownInsert = (...method: string[]) => ({
  'app.py': HEAD.replace('from models import User, db', 'from store import Member') + lines('', "@app.post('/join')", 'def join():', '    Member.insert_one(request.form)', "    return 'ok'"),
  'store.py': lines('from pymongo import MongoClient', '', 'mongo = MongoClient().shop', '', '', 'class Member:', '    @staticmethod', '    def insert_one(form):', ...method.map((m) => '        ' + m)),
});
/** A mixin's class-level factory: `User.create(**data)` runs the project's `create`. */
const ownCreate = (...method: string[]) => ({
  ...view('user = User.create(**request.get_json())'),
  'models.py': MODELS.replace('class User(db.Model):', lines('class Crud:', '    @classmethod', '    def create(cls, **fields):', ...method.map((m) => '        ' + m), '', '', 'class User(Crud, db.Model):').trimEnd()),
});
const ownUpdateAll = ownUpdate('for name, value in changes.items():', '    setattr(self, name, value)');
const ownUpdateBlocked = ownUpdate('for name in changes:', "    if name in ('id',):", '        continue', '    setattr(self, name, changes[name])');
const ownUpdatePassed = ownUpdate('self.query.filter_by(id=self.id).update(changes)');
const ownInsertAll = ownInsert('mongo.members.insert_one(dict(form))');
const ownCreateAll = ownCreate('record = cls(**fields)', 'db.session.add(record)', 'return record');
/** A view that fetches its record through `helpers.py`, a module of the given lines. */
const helperView = (helper: string[], ...body: string[]) => ({
  ...view(...body),
  'app.py': view(...body)['app.py'].replace('from models import User, db', 'import helpers\nfrom models import User, db'),
  'helpers.py': lines('from models import User', '', '', ...helper),
});
const helperFetch = helperView(['def current_profile(uid):', '    return User.query.filter_by(id=uid).first()'], 'profile = helpers.current_profile(7)', 'profile.update(request.get_json())');
const helperRepository = helperView(
  ['class Repo:', '    def __init__(self, model):', '        self.model = model', '', '    def one(self, pk):', '        return self.model.query.get(pk)', '', '', 'class Accounts:', '    def __init__(self):', '        self.users = Repo(User)', '', '    def profile(self, uid):', '        found = self.users.one(uid)', '        return found', '', '', 'accounts = Accounts()'],
  'user = helpers.accounts.profile(7)',
  'user.update(request.get_json())',
);
const helperQuery = helperView(['def mine(uid):', '    return User.query.filter_by(id=uid)'], 'helpers.mine(7).update(request.get_json())');
const helperOutOfSight = view('data = request.get_json()', 'user = facade.get_user(7)', 'user.update(data)');
const layoutInsert = view('stmt = (', '    db.insert(User).', '    values(request.get_json())', ')', 'db.session.execute(stmt)');
const layoutQuery = view('(User.query.filter_by(id=current_user.id).', '    update(request.get_json()))');
const blockedLoop = view('data = request.get_json()', "hidden = ['id', 'created_at']", 'for key, value in data.items():', '    if key not in hidden:', '        setattr(current_user, key, value)');
const blockedSkip = view('for key, value in request.form.items():', "    if key in ('id', 'created_at'):", '        continue', '    setattr(current_user, key, value)');
const blockedElse = view('for key, value in request.form.items():', '    if key in FIELDS:', '        pass', '    else:', '        setattr(current_user, key, value)');
const blockedComprehension = view('payload = request.get_json()', "clean = {k: v for k, v in payload.items() if k not in ('id', 'created_at')}", 'current_user.update(clean)');
const columnsLoop = view('data = request.get_json()', 'for column in User.__table__.columns:', '    if column.name in data:', '        setattr(current_user, column.name, data[column.name])');

/** Cerberus: a validator built on a schema (the library's class or the app's subclass) refuses keys the schema does not list. */
const CHECKS = lines('from cerberus import Validator', '', '', 'class AppValidator(Validator):', '    def _validate_is_slug(self, constraint, field, value):', '        pass', '', '', 'class PayloadValidator:', '    def __call__(self, data):', '        return isinstance(data, dict)');
const cerberusView = (...body: string[]) => ({ ...view(...body), 'app.py': view(...body)['app.py'].replace('from models import', 'from cerberus import Validator\nfrom checks import AppValidator, PayloadValidator\nfrom models import'), 'checks.py': CHECKS });
const NAME_SCHEMA = "{'display_name': {'type': 'string'}}";
const cerberusUnknown = cerberusView('data = request.get_json()', `v = Validator(${NAME_SCHEMA}, allow_unknown=True)`, 'if not v.validate(data):', '    return v.errors, 422', 'current_user.update(data)');
const cerberusUnknownSet = cerberusView('data = request.get_json()', `v = AppValidator(${NAME_SCHEMA})`, 'v.allow_unknown = True', 'if v(data):', '    current_user.update(data)');
const calledChecker = cerberusView('data = request.get_json()', 'v = PayloadValidator()', 'if not v(data):', '    return {}, 422', 'current_user.update(data)');

// Round 28 (a Rails-style API): a model class's own `update` takes the record's id and the fields splatted.
const NOTES = lines('from flask_sqlalchemy import SQLAlchemy', '', 'db = SQLAlchemy()', '', '', 'class Note(db.Model):', '    id = db.Column(db.Integer, primary_key=True)', '    title = db.Column(db.String(80))', '    owner_id = db.Column(db.Integer)');
const noteView = (models: string, ...body: string[]) => ({
  'app.py': lines('from flask import Flask, request', '', 'from models import Cache, Note', '', 'app = Flask(__name__)', '', '', "@app.put('/notes/<int:nid>')", 'def edit_note(nid):', ...body.map((b) => '    ' + b), "    return {'ok': True}"),
  'models.py': models + lines('', '', 'class Cache:', '    @staticmethod', '    def update(key, **values):', '        print(key, values)'),
});
const classUpdate = noteView(NOTES, 'changes = request.get_json()', 'Note.update(nid, **changes)');
const PEEWEE = lines('from peewee import CharField, IntegerField, Model', '', '', 'class Note(Model):', '    title = CharField()', '    owner_id = IntegerField()');
const peeweeUpdate = noteView(PEEWEE, 'Note.update(**request.get_json()).where(Note.id == nid).execute()');
/** The model's classmethod `update` with the given body. */
const ownClassUpdate = (...method: string[]) => noteView(NOTES + lines('', '    @classmethod', '    def update(cls, nid, **fields):', ...method.map((m) => '        ' + m)), 'Note.update(nid, **request.get_json())');
const ownClassUpdateAll = ownClassUpdate('cls.query.filter_by(id=nid).update(fields)');

ruleTester(rule, {
  valid: [
    { code: ownClassUpdate("cls.query.filter_by(id=nid).update({'title': fields.get('title')})"), name: "a model's own class-level `update` that copies one named field" },
    { code: noteView(NOTES, 'changes = request.get_json()', "Note.update(nid, title=changes['title'])"), name: 'a class-level update handed one named field' },
    { code: noteView(NOTES, 'Cache.update(nid, **request.get_json())'), name: "a class-level `update` of a class that is no model" },
    { code: helperView(['USERS = {}', '', '', 'def get_user(uid):', '    return USERS.get(uid)'], 'user = helpers.get_user(7)', 'user.update(request.get_json())'), name: 'a helper named for a model that returns an entry of a plain dict' },
    { code: helperView(['class Cart:', '    pass', '', '', 'def get_cart():', '    return Cart()'], 'cart = helpers.get_cart()', 'cart.update(request.get_json())'), name: 'a helper that returns a workspace object that is no model' },
    { code: view('settings = store.get_settings()', 'settings.update(request.get_json())'), name: 'a helper out of sight whose name names no model' },
    { code: view('stmt = (', '    db.insert(User).', '    values(ProfileSchema().load(request.get_json()))', ')'), name: 'a chain split across lines, of schema-loaded data' },
    { code: ownUpdate('for name in changes:', "    if name not in {'headline'}:", '        continue', '    setattr(self, name, changes[name])'), name: "the model's own update copies only an allow-list of keys" },
    { code: ownUpdate("self.headline = changes.get('headline', self.headline)"), name: "the model's own update sets a named field" },
    { code: ownInsert("mongo.members.insert_one({'email': form['email'], 'hash': digest(form['password'])})"), name: "the app's own insert_one stores named fields, not pymongo's insert of the form" },
    { code: ownCreate("return cls(display_name=fields.get('display_name'))"), name: "a project factory that builds the record from a named field" },
    { code: view('for key, value in request.form.items():', '    if not key in FIELDS:', '        continue', '    setattr(current_user, key, value)'), name: '`not k in FIELDS` then continue: an allow-list' },
    { code: view('for key, value in request.form.items():', '    if key not in FIELDS:', "        raise ValueError(key)", '    setattr(current_user, key, value)'), name: 'a key off the allow-list raises' },
    { code: view('data = request.get_json()', 'for column in User.__table__.columns:', '    if column.name in FIELDS and column.name in data:', '        setattr(current_user, column.name, data[column.name])'), name: 'a loop over the columns that copies only allow-listed ones' },
    { code: view('for column in User.__table__.columns:', "    setattr(current_user, column.name, column.default)"), name: 'a loop over the columns that writes no request data' },
    { code: view('body = request.get_json()', "accounts.update(current_user.id, body['name'], body['email'], body['age'])"), name: 'JSON fields handed one by one to a project method named update: no mapping is merged' },
    { code: view('body = request.get_json()', "current_user.update(body['name'], body['bio'], body['plan'])"), name: 'a record method named update given fields one by one is no dict-style merge (`dict.update` takes one mapping)' },
    { code: view("title = request.form['title']", "store.update(current_user.id, title, request.form['body'])"), name: 'single form fields (strings) handed to a project helper' },
    { code: view("mongo.db.users.update_one({'_id': current_user.id}, {'$set': request.args.get('theme')})"), name: 'one query-string value is a string, not a mapping of fields' },
    { code: view('data = request.get_json()', 'registry.create(**data)'), name: 'a `create` that is no model\'s or manager\'s is not a record' },
    { code: mongoView('data = request.get_json()', "user = User.objects.create(display_name=data['display_name'])"), name: 'MongoEngine document created field by field' },
    { code: Object.fromEntries(Object.entries(view('user = User(**request.get_json())')).map(([f, c]) => [`tests/${f}`, c])), name: 'a route built in a test serves only the test client' },
    { code: restx('user = User(**event.payload)', 'db.session.add(user)'), name: 'a `payload` attribute of something other than the RESTX Api or a namespace' },
    { code: view('data = ProfileSchema().load(request.get_json())', 'for key, value in data.items():', '    setattr(current_user, key, value)'), name: 'schema.load first' },
    { code: view('data = ProfileSchema().load(request.get_json())', 'db.session.execute(db.insert(User).values(**data))'), name: 'insert().values of schema-loaded data' },
    { code: view('payload = request.get_json()', 'clean = {k: v for k, v in payload.items() if k in FIELDS}', 'user = User(**clean)'), name: 'allow-list comprehension' },
    { code: view('data = request.get_json()', "current_user.display_name = data['display_name']", "user = User(display_name=data.get('display_name'))"), name: 'field by field' },
    { code: view('for key, value in request.form.items():', '    if key not in FIELDS:', '        continue', '    setattr(current_user, key, value)'), name: 'allow-list test in the loop' },
    { code: view("ok_keys = {'display_name', 'bio'}", 'for key, value in request.form.items():', '    if key in ok_keys:', '        setattr(current_user, key, value)'), name: 'allow-list in a local variable' },
    { code: view("for key in ('display_name', 'bio'):", '    setattr(current_user, key, request.form[key])'), name: 'loop over an allow-list' },
    { code: view('options = {}', 'options.update(request.get_json())', 'return options'), name: 'merging into a plain dict' },
    { code: view("user = User(**dict(display_name=request.form['display_name']))"), name: 'dict(...) of named fields is an explicit allow-list' },
    { code: view("current_user.update({'display_name': request.form['display_name'], 'plan': request.json['plan']})"), name: 'a dict literal names every key it writes, field by field' },
    { code: view("changes = {'display_name': request.form['display_name']}", "User.query.filter_by(id=current_user.id).update(changes)"), name: 'a name bound only to a dict literal of named keys' },
    { code: view('form = ProfileForm(**request.form)', 'return form'), name: 'constructor of a class that is not a model' },
    { code: MODELS, name: 'model update() helper over a parameter' },
    { code: view('data = request.get_json()', "mongo.db.users.update_one({'_id': current_user.id}, {'$set': {'display_name': data['display_name']}})"), name: 'pymongo $set of fields named one by one' },
    { code: view('data = request.get_json()', "doc = {'title': data['title'], 'body': data['body']}", 'mongo.db.notes.insert_one(doc)'), name: 'pymongo insert of a document built key by key' },
    { code: view('data = request.get_json()', "mongo.db.users.replace_one({'_id': current_user.id}, {'display_name': data['display_name']})"), name: 'pymongo replacement document built key by key' },
    { code: view('data = request.get_json()', "mongo.db.users.update_one({'_id': current_user.id}, {'$push': {'history': data}})"), name: 'pymongo $push keeps the body in one named field' },
    { code: view('doc = NoteSchema().load(request.get_json())', 'mongo.db.notes.insert_one(doc)'), name: 'pymongo insert of schema-loaded data' },
    { code: cerberusView('data = request.get_json()', `v = AppValidator(${NAME_SCHEMA})`, 'if not v(data):', '    return v.errors, 422', 'current_user.update(data)'), name: 'a Cerberus validator (a subclass) called on the data: keys off its schema fail' },
    { code: cerberusView('data = request.get_json()', `if not Validator(${NAME_SCHEMA}, allow_unknown=False)(data):`, '    return {}, 422', 'current_user.update(data)'), name: 'a Cerberus validator built and called in place' },
    { code: view('data = request.get_json()', 'errors = ProfileSchema().validate(data)', 'if errors:', '    return errors, 400', 'current_user.update(data)'), name: 'validated against a schema in place' },
    // WTForms `form.data` holds only the fields the form class declares: that class is the allow-list (RULES.md: "went through a schema").
    { code: view('form = ProfileForm(request.form)', 'changes = {k: v for k, v in form.data.items() if v is not None}', 'current_user.__dict__.update(changes)'), name: 'a WTForms form built from the request: its data has only the declared fields' },
  ],
  invalid: [
    { code: classUpdate, errors: [{ ...at(classUpdate['app.py'], 'Note.update'), message: 'writes every key of `changes` into `Note` rows' }], name: 'a class-level `Note.update(nid, **changes)` of request JSON' },
    { code: peeweeUpdate, errors: [{ ...at(peeweeUpdate['app.py'], 'Note.update'), message: 'every key of the request JSON' }], name: "peewee's `Note.update(**data).where(...)`" },
    { code: ownClassUpdateAll, errors: [{ ...at(ownClassUpdateAll['app.py'], 'Note.update') }], name: "a model's own class-level `update` that passes the fields on whole" },
    { code: cerberusUnknown, errors: [{ ...at(cerberusUnknown['app.py'], 'current_user.update') }], name: 'a Cerberus validator that allows unknown keys gates nothing' },
    { code: cerberusUnknownSet, errors: [{ ...at(cerberusUnknownSet['app.py'], 'current_user.update') }], name: 'a Cerberus validator told to allow unknown keys after it is built' },
    { code: calledChecker, errors: [{ ...at(calledChecker['app.py'], 'current_user.update') }], name: 'a callable project class named like a validator is no schema' },
    { code: helperFetch, errors: [{ ...at(helperFetch['app.py'], 'profile.update'), message: '`profile.update(...)` copies every key of the request JSON onto `User`' }], name: 'a workspace helper that returns a fetched record' },
    { code: helperRepository, errors: [{ ...at(helperRepository['app.py'], 'user.update') }], name: "a service method whose repository's `get` returns a fetched record" },
    { code: helperQuery, errors: [{ ...at(helperQuery['app.py'], 'helpers.mine'), message: 'the query update writes every key' }], name: 'a helper that returns a query' },
    { code: helperOutOfSight, errors: [{ ...at(helperOutOfSight['app.py'], 'user.update'), message: 'onto `User`' }], name: 'a lookup out of sight named for a workspace model (`get_user`)' },
    { code: layoutInsert, errors: [{ ...at(layoutInsert['app.py'], 'db.insert(User)') }], name: 'a parenthesised chain split after its dot' },
    { code: layoutQuery, errors: [{ ...at(layoutQuery['app.py'], 'User.query') }], name: 'a query update split across lines' },
    { code: ownUpdateAll, errors: [{ ...at(ownUpdateAll['app.py'], 'article.update'), message: '`article.update(...)` copies every key of the request JSON onto `Article`' }], name: "the model's own update setattr's every key" },
    { code: ownUpdateBlocked, errors: [{ ...at(ownUpdateBlocked['app.py'], 'article.update') }], name: "the model's own update skips only a block-list" },
    { code: ownUpdatePassed, errors: [{ ...at(ownUpdatePassed['app.py'], 'article.update') }], name: "the model's own update hands the mapping on whole" },
    { code: ownInsertAll, errors: [{ ...at(ownInsertAll['app.py'], 'Member.insert_one') }], name: "the app's own insert_one stores the whole form" },
    { code: ownCreateAll, errors: [{ ...at(ownCreateAll['app.py'], 'User.create') }], name: 'a project factory that splats its keywords into the model' },
    { code: blockedLoop, errors: [{ ...at(blockedLoop['app.py'], 'setattr') }], name: '`if key not in hidden: setattr(...)` is a block-list' },
    { code: blockedSkip, errors: [{ ...at(blockedSkip['app.py'], 'setattr') }], name: '`if key in (...): continue` skips a block-list' },
    { code: blockedElse, errors: [{ ...at(blockedElse['app.py'], 'setattr') }], name: 'setattr in the else branch of an allow-list test takes the other keys' },
    { code: blockedComprehension, errors: [{ ...at(blockedComprehension['app.py'], 'current_user.update') }], name: 'a comprehension that drops a block-list keeps every other key' },
    { code: columnsLoop, errors: [{ ...at(columnsLoop['app.py'], 'setattr'), message: 'the `setattr` loop copies every key of `data` onto `User`' }], name: 'a loop over every column copies each one the data holds' },
    { code: pyLegacyUpsert, errors: [{ ...at(pyLegacyUpsert['app.py'], 'mongo.db') }], name: 'a positional upsert flag after the document still fits pymongo\'s update' },
    { code: decodedField, errors: [{ ...at(decodedField['app.py'], 'store.update') }], name: 'a form field decoded from JSON is a whole mapping' },
    { code: jsonKey, errors: [{ ...at(jsonKey['app.py'], 'User.query') }], name: 'a key of the JSON body can hold a whole object' },
    { code: restxPayload, errors: [{ ...at(restxPayload['app.py'], 'User(**') }], name: 'Flask-RESTX `ns.payload` is the request JSON' },
    { code: restxPayloadVar, errors: [{ ...at(restxPayloadVar['app.py'], 'user.update') }], name: 'Flask-RESTX `self.api.payload` through a variable' },
    {
      code: ctor,
      errors: [{ ...at(ctor['app.py'], 'User(**'), message: '`User(**...)` builds a `User` from the request JSON, so a client can set any column, `is_admin`, `plan` included; load it through a schema or copy an allow-list of fields' }],
    },
    { code: fetched, errors: [{ ...at(fetched['app.py'], 'user.update'), message: '`user.update(...)` copies every key of `data` onto `User`' }], name: 'record fetched by a query' },
    { code: loop, errors: [{ ...at(loop['app.py'], 'setattr'), message: 'the `setattr` loop copies every key of the form onto `User`' }] },
    { code: query, errors: [{ ...at(query['app.py'], 'User.query'), message: 'the query update writes every key' }] },
    { code: dunder, errors: [{ ...at(dunder['app.py'], 'current_user.__dict__'), message: '`__dict__.update`' }] },
    { code: comprehension, errors: [{ ...at(comprehension['app.py'], 'current_user.update') }], name: 'a comprehension without an allow-list filters nothing' },
    { code: valueFilter, errors: [{ ...at(valueFilter['app.py'], 'current_user.__dict__.update') }], name: 'a comprehension that filters values, not keys, is no allow-list' },
    { code: keysLoop, errors: [{ ...at(keysLoop['app.py'], 'setattr') }], name: 'hasattr is not an allow-list' },
    { code: twoSetattrs, errors: [{ ...at(twoSetattrs['app.py'], 'setattr') }], name: 'two setattr calls in one loop: one finding' },
    { code: twoLoops, errors: [{ ...at(twoLoops['app.py'], 'setattr') }, { ...at(twoLoops['app.py'], 'setattr', 1) }], name: 'two loops over request data: one finding each' },
    { code: managerOutOfSight, errors: [{ ...at(managerOutOfSight['app.py'], 'Badge.objects.create'), message: 'builds a record from `data`' }], name: 'a manager\'s `objects.create(**data)` of a class out of sight' },
    { code: mongoCreate, errors: [{ ...at(mongoCreate['app.py'], 'User.objects.create') }], name: "MongoEngine's `objects.create(**data)`" },
    { code: factory, errors: [{ ...at(factory['app.py'], 'User.create') }], name: 'class-level factory' },
    { code: core, errors: [{ ...at(core['app.py'], 'db.update(User)') }], name: 'SQLAlchemy update().values(**data)' },
    { code: coreInsert, errors: [{ ...at(coreInsert['app.py'], 'db.insert(User)'), message: 'the insert builds a `User` row from every key of the request JSON' }], name: 'SQLAlchemy insert().values(data): a new row from the request data' },
    { code: copiedDict, errors: [{ ...at(copiedDict['app.py'], 'User.query'), message: 'the query update writes every key of the request JSON' }], name: 'a copy of the request data (`dict(**body)`) is still all of it' },
    { code: copiedLiteral, errors: [{ ...at(copiedLiteral['app.py'], 'User(**') }], name: 'a dict literal that splats the request data is still all of it' },
    { code: literalThenMerged, errors: [{ ...at(literalThenMerged['app.py'], 'User.query') }], name: 'a dict literal that later merges the request data is all of it' },
    { code: splatBound, errors: [{ ...at(splatBound['app.py'], 'current_user.update') }], name: 'a name bound to a literal that splats the request data' },
    { code: mongo, errors: [{ ...at(mongo['app.py'], 'User(**'), message: 'any column, `is_admin` included' }], name: 'a MongoEngine document is a model too' },
    { code: pyInsert, errors: [{ ...at(pyInsert['app.py'], 'mongo.db.notes.insert_one'), message: '`mongo.db.notes.insert_one(...)` stores every key of `doc` as a new document, so a client can set any field' }], name: 'pymongo insert_one of the request body, a key added' },
    { code: pySet, errors: [{ ...at(pySet['app.py'], 'mongo.db.users.update_one'), message: 'writes every key of the request JSON into the stored document' }], name: "pymongo update_one with `{'$set': request.json}`" },
    { code: pyLegacySet, errors: [{ ...at(pyLegacySet['app.py'], 'mongo.db.users.update(') }], name: "pymongo's legacy update with `$set` of the body" },
    { code: pyFindSet, errors: [{ ...at(pyFindSet['app.py'], 'mongo.db.users.find_one_and_update') }], name: 'find_one_and_update given the update by keyword, a copy of the form' },
    { code: pyReplace, errors: [{ ...at(pyReplace['app.py'], 'mongo.db.users.replace_one') }], name: 'pymongo replace_one with the body as the whole document' },
    { code: pyMany, errors: [{ ...at(pyMany['app.py'], 'mongo.db.notes.insert_many') }], name: 'pymongo insert_many of the body' },
    { code: pyReplaceCopy, errors: [{ ...at(pyReplaceCopy['app.py'], 'mongo.db.users.replace_one') }], name: 'pymongo replace_one with a literal that copies the body' },
  ],
});
