/**
 * SQLAlchemy models of a workspace and their columns, across files:
 * Flask-SQLAlchemy (`db.Model`, `db.Column(db.String(80))`), declarative
 * (`Base = declarative_base()`, `Column(String(80))`) and 2.0 style
 * (`name: Mapped[str] = mapped_column(String(80))`), with mixins and model
 * inheritance. Rules use it to say which columns a request could overwrite
 * (FG302) and which column owns a record (FG303); schema generation reads
 * types, lengths and nullability.
 *
 * Extraction is per file (cached on the file's facts, which are rebuilt only
 * when the file changes); the index by name is rebuilt per workspace
 * generation from those cached parts.
 */
import type { ClassFact } from './facts';
import { callParts, dottedName, intValue, isTrue, lastName, statements, stringValue, unwrap, type CallParts } from './python';
import type { SyntaxNode } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

export interface ModelColumn {
  /** Attribute name (the Python name; `db.Column('login', ...)` keeps the attribute). */
  name: string;
  /** SQLAlchemy type name without module (`String`, `Integer`, `Boolean`), when written. */
  type?: string;
  /** `String(80)` → 80. */
  length?: number;
  nullable: boolean;
  primaryKey: boolean;
  unique: boolean;
  /** The column has a default (`default=`, `server_default=`). */
  hasDefault: boolean;
  /** `ForeignKey('user.id')` → `user.id`. */
  foreignKey?: string;
  /** `ForeignKey('user.id', ondelete='SET NULL')` → `SET NULL` (upper case). */
  onDelete?: string;
  node: SyntaxNode;
}

export interface ModelRelationship {
  name: string;
  /** Target class name as written (`'User'`). */
  target?: string;
  node: SyntaxNode;
}

export interface ModelClass {
  name: string;
  file: IndexedFile;
  cls: ClassFact;
  /** `__tablename__`, else Flask-SQLAlchemy's snake_case of the class name. */
  table: string;
  /** Own columns, then inherited ones (nearest base first); names are unique. */
  columns: ModelColumn[];
  relationships: ModelRelationship[];
}

const COLUMN_CALLS = new Set(['Column', 'mapped_column']);
const RELATIONSHIP_CALLS = new Set(['relationship', 'relation', 'backref']);
/** Flask-SQLAlchemy's `db.Model` and peewee's `Model`; MongoEngine's `Document` (also `db.Document` of Flask-MongoEngine). */
const MODEL_BASES = /(^|\.)(Model|Document|DynamicDocument)$/;
/** Fields of peewee and MongoEngine models: `CharField()`, `me.BooleanField(default=False)`, `ReferenceField(User)`. */
const ODM_FIELD = /^[A-Z]\w*Field$/;
/** `class Base(DeclarativeBase)`: the base of models, not a table itself. */
const DECLARATIVE_BASES = /(^|\.)(DeclarativeBase|DeclarativeBaseNoMeta)$/;

interface FileModels {
  /** Classes with their own columns, or a model-ish base, before inheritance is resolved. */
  classes: { cls: ClassFact; own: ModelColumn[]; relationships: ModelRelationship[]; table?: string; declaredModel: boolean; base: boolean }[];
  /** Names bound to `declarative_base()` / `registry().generate_base()`. */
  bases: Set<string>;
}

const PER_FILE = new WeakMap<object, FileModels>();
const INDEX = new WeakMap<Workspace, { generation: number; byName: Map<string, ModelClass[]>; all: ModelClass[] }>();

function fileModels(file: IndexedFile): FileModels {
  const hit = PER_FILE.get(file.facts);
  if (hit) return hit;
  const bases = new Set<string>();
  for (const a of file.facts.assignments) {
    const name = lastName(callParts(a.value)?.name);
    // `BaseModel = db.Model`: an alias of Flask-SQLAlchemy's base.
    const alias = a.names.length === 1 && MODEL_BASES.test(dottedName(unwrap(a.value)) ?? '');
    if (a.names.length === 1 && (alias || name === 'declarative_base' || name === 'generate_base')) bases.add(a.names[0]!);
  }
  const classes: FileModels['classes'] = [];
  for (const cls of file.facts.classes) {
    const own: ModelColumn[] = [];
    const relationships: ModelRelationship[] = [];
    let table: string | undefined;
    for (const stmt of statements(cls.node.field_('body'))) {
      const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
      if (expr?.type !== 'assignment') continue;
      const target = expr.field_('left');
      const value = expr.field_('right');
      if (target?.type !== 'identifier') continue;
      if (target.text === '__tablename__') {
        table = stringValue(value);
        continue;
      }
      const column = value && readColumn(target.text, value, expr.field_('type'));
      if (column) own.push(column);
      const rel = value && readRelationship(target.text, value);
      if (rel) relationships.push(rel);
    }
    const declaredModel = cls.bases.some((b) => MODEL_BASES.test(b) || bases.has(b));
    const base = cls.bases.some((b) => DECLARATIVE_BASES.test(b)) || isTrue(cls.attributes.get('__abstract__'));
    if (own.length || declaredModel || base || relationships.length) classes.push({ cls, own, relationships, ...(table !== undefined && { table }), declaredModel, base });
  }
  const result = { classes, bases };
  PER_FILE.set(file.facts, result);
  return result;
}

function readColumn(name: string, value: SyntaxNode, annotation: SyntaxNode | undefined): ModelColumn | undefined {
  const parts = callParts(value);
  if (parts && ODM_FIELD.test(lastName(parts.name) ?? '')) return readOdmField(name, value, parts);
  if (!parts || !COLUMN_CALLS.has(lastName(parts.name) ?? '')) return undefined;
  const column: ModelColumn = { name, nullable: true, primaryKey: false, unique: false, hasDefault: false, node: value };
  for (const arg of parts.positional) {
    const argParts = callParts(arg);
    const argName = lastName(argParts ? argParts.name : dottedName(arg));
    if (!argName || stringValue(arg) !== undefined) continue;
    if (argName === 'ForeignKey') {
      const fk = stringValue(argParts?.positional[0]);
      if (fk) column.foreignKey = fk;
      const onDelete = stringValue(argParts?.keywords.get('ondelete'));
      if (onDelete) column.onDelete = onDelete.toUpperCase();
    } else if (/^[A-Z]/.test(argName) && column.type === undefined) {
      column.type = argName;
      const length = intValue(argParts?.positional[0] ?? argParts?.keywords.get('length'));
      if (length !== undefined) column.length = length;
    }
  }
  column.primaryKey = isTrue(parts.keywords.get('primary_key'));
  column.unique = isTrue(parts.keywords.get('unique'));
  column.hasDefault = parts.keywords.has('default') || parts.keywords.has('server_default');
  const nullable = parts.keywords.get('nullable');
  if (nullable) column.nullable = isTrue(nullable);
  else if (column.primaryKey) column.nullable = false;
  else if (annotation && lastName(callParts(value)?.name) === 'mapped_column') {
    // 2.0 style: `Mapped[Optional[str]]` / `Mapped[str | None]` is nullable, `Mapped[str]` is not.
    column.nullable = /Optional\[|\|\s*None|None\s*\|/.test(annotation.text);
  }
  if (column.type === undefined && annotation) {
    const inner = /Mapped\[(?:Optional\[)?\s*([\w.]+)/.exec(annotation.text)?.[1];
    if (inner) column.type = lastName(inner);
  }
  return column;
}

/** A peewee or MongoEngine field: nullable unless `null=False` / `required=True`; its type is not SQLAlchemy's. */
function readOdmField(name: string, value: SyntaxNode, parts: CallParts): ModelColumn {
  const nullable = parts.keywords.has('null') ? isTrue(parts.keywords.get('null')) : !isTrue(parts.keywords.get('required'));
  return {
    name,
    nullable,
    primaryKey: isTrue(parts.keywords.get('primary_key')),
    unique: isTrue(parts.keywords.get('unique')),
    hasDefault: parts.keywords.has('default'),
    node: value,
  };
}

function readRelationship(name: string, value: SyntaxNode): ModelRelationship | undefined {
  const parts = callParts(value);
  if (!parts || !RELATIONSHIP_CALLS.has(lastName(parts.name) ?? '')) return undefined;
  const target = stringValue(parts.positional[0]) ?? dottedName(parts.positional[0]);
  return { name, node: value, ...(target !== undefined && { target }) };
}

/** Flask-SQLAlchemy's default table name: `UserProfile` → `user_profile`. */
export function defaultTableName(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** Every model class of the workspace, by class name (several when names repeat across modules). */
export function workspaceModels(workspace: Workspace): { byName: Map<string, ModelClass[]>; all: ModelClass[] } {
  const hit = INDEX.get(workspace);
  if (hit && hit.generation === workspace.generation) return hit;
  const candidates: { file: IndexedFile; entry: FileModels['classes'][number] }[] = [];
  for (const file of workspace.all()) for (const entry of fileModels(file).classes) candidates.push({ file, entry });
  const byClass = new Map<ClassFact, { file: IndexedFile; entry: FileModels['classes'][number] }>();
  for (const c of candidates) byClass.set(c.entry.cls, c);

  // A class is a model when it declares a model base, or inherits from one in the workspace.
  const chainOf = (file: IndexedFile, cls: ClassFact, depth = 0): { file: IndexedFile; cls: ClassFact }[] => {
    const out = [{ file, cls }];
    if (depth > 6) return out;
    for (const base of cls.bases) {
      const b = workspace.resolveDotted(file, base, cls.enclosing);
      if (b?.kind === 'class' && b.fact !== cls) out.push(...chainOf(b.file, b.fact, depth + 1));
    }
    return out;
  };
  const all: ModelClass[] = [];
  const byName = new Map<string, ModelClass[]>();
  for (const { file, entry } of candidates) {
    const chain = chainOf(file, entry.cls);
    if (entry.base || !chain.some((c) => byClass.get(c.cls)?.entry.declaredModel || (c.cls !== entry.cls && byClass.get(c.cls)?.entry.base))) continue;
    const columns: ModelColumn[] = [];
    const relationships: ModelRelationship[] = [];
    const seen = new Set<string>();
    for (const c of chain) {
      const e = byClass.get(c.cls)?.entry;
      if (!e) continue;
      for (const col of e.own) if (!seen.has(col.name)) (seen.add(col.name), columns.push(col));
      for (const rel of e.relationships) if (!seen.has(rel.name)) (seen.add(rel.name), relationships.push(rel));
    }
    const mc: ModelClass = { name: entry.cls.name, file, cls: entry.cls, table: entry.table ?? defaultTableName(entry.cls.name), columns, relationships };
    all.push(mc);
    const list = byName.get(mc.name) ?? [];
    list.push(mc);
    byName.set(mc.name, list);
  }
  const result = { generation: workspace.generation, byName, all };
  INDEX.set(workspace, result);
  return result;
}

/** The model class an expression names in `file` (`User`, `models.User`), resolved through imports. */
export function modelOf(workspace: Workspace, file: IndexedFile, expr: SyntaxNode | undefined, scope?: Parameters<Workspace['resolveExpression']>[2]): ModelClass | undefined {
  const binding = workspace.resolveExpression(file, unwrap(expr), scope);
  if (binding?.kind !== 'class') return undefined;
  return workspaceModels(workspace).byName.get(binding.fact.name)?.find((m) => m.cls === binding.fact);
}

/** The model with this class name; when several modules define one, the first found. */
export function modelNamed(workspace: Workspace, name: string): ModelClass | undefined {
  return workspaceModels(workspace).byName.get(name)?.[0];
}

/** Columns a client must never set: ids, privileges, money, ownership, secrets, timestamps. */
const PRIVILEGED = /^(id|pk|uuid)$|(^|_)(admin|superuser|staff|roles?|permissions?|scopes?|privileges?|balance|credits?|plan|tier|subscription|verified|confirmed|active|approved|banned|password|hash|salt|secret|token|owner|user|tenant|org|account|created|updated|deleted)(_|$)/i;

/** Columns of `model` that a wholesale update would let a client overwrite and should not. */
export function privilegedColumns(model: ModelClass): ModelColumn[] {
  return model.columns.filter((c) => c.primaryKey || PRIVILEGED.test(c.name));
}

const OWNER_TABLES = /^(users?|accounts?|members?|customers?|profiles?|orgs?|organi[sz]ations?|teams?|tenants?|companies|company|workspaces?|groups?)$/i;
const OWNER_NAMES = /(^|_)(owner|user|author|creator|created_by|customer|account|member|tenant|org|organi[sz]ation|team|company|workspace|sender|recipient|assignee|uploader|patient|employee)(_id|_uuid|_email|_username)?$/i;

const AUDIT_NAMES = /^(created|creator|added|updated|last_updated|modified|last_modified|changed|edited|removed|deleted)(_by)?(_id|_user_id)?$/;
const UPDATER_NAMES = /^(updated|last_updated|modified|last_modified|changed|edited|removed|deleted)_by(_id|_user_id)?$/;

/** A column's name in snake case, however the schema spells it: `AddedBy`, `createdBy` and `created_by` alike. */
const snakeName = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const auditName = (name: string) => AUDIT_NAMES.test(snakeName(name));

/**
 * An audit trail, not ownership: `created_by` that the schema detaches when the user goes (`ondelete='SET NULL'`),
 * or that sits beside an `updated_by` (`removed_by`), records who touched a shared record, which others may edit too.
 */
function auditColumn(model: ModelClass, c: ModelColumn): boolean {
  if (!auditName(c.name)) return false;
  return c.onDelete === 'SET NULL' || c.onDelete === 'SET DEFAULT' || model.columns.some((o) => UPDATER_NAMES.test(snakeName(o.name)));
}

/** Columns that tie a record to a user or a tenant (foreign keys to their tables, conventional owner names). */
export function ownershipColumns(model: ModelClass): ModelColumn[] {
  return model.columns.filter((c) => ((c.foreignKey && OWNER_TABLES.test(c.foreignKey.split('.')[0]!)) || OWNER_NAMES.test(c.name)) && !auditColumn(model, c));
}

/** The models whose tables `model`'s foreign keys point to (`project_id = ForeignKey('project.id')` → `Project`). */
export function parentModels(workspace: Workspace, model: ModelClass): ModelClass[] {
  const tables = new Set(model.columns.flatMap((c) => (c.foreignKey && !auditColumn(model, c) ? [c.foreignKey.split('.')[0]!.toLowerCase()] : [])));
  return workspaceModels(workspace).all.filter((m) => m !== model && tables.has(m.table.toLowerCase()));
}

/** Is this the table of users itself (`User`, `Account`)? */
export function isUserModel(model: ModelClass): boolean {
  return /^(users?|accounts?|members?|customers?|profiles?)$/i.test(model.table) || /^(User|Account|Member|Customer|Profile)$/.test(model.name);
}

/** The column that says who owns a record: a foreign key to the user table, else a conventional name. */
export function ownerColumn(model: ModelClass, userTables: readonly string[] = ['user', 'users', 'account', 'accounts']): ModelColumn | undefined {
  const fks = model.columns.filter((c) => c.foreignKey && userTables.includes(c.foreignKey.split('.')[0]!.toLowerCase()) && !auditColumn(model, c));
  const named = (c: ModelColumn) => /^(owner|user|author|creator|created_by|customer|account)(_id)?$/.test(c.name);
  return fks.find(named) ?? fks[0] ?? model.columns.find((c) => named(c) && !auditColumn(model, c));
}

/** pymongo's inserts: `db.orders.insert_one({...})`, `insert_many([{...}])`, the legacy `insert(...)`. */
const MONGO_INSERT = /^(insert_one|insert_many|insert)$/;
const MONGO_OWNED = new WeakMap<Workspace, { generation: number; owned: Set<string> }>();

/** The collection a pymongo call works on: `orders` of `db.orders.find_one(...)`, `mongo.db['orders']`. */
export function mongoCollection(receiver: SyntaxNode | undefined): string | undefined {
  const r = unwrap(receiver);
  if (r?.type === 'attribute') return r.field_('attribute')!.text;
  return r?.type === 'subscript' ? stringValue(r.field_('subscript')) : undefined;
}

/**
 * A collection of accounts (`users`), or one whose inserted documents name an owner (`{'user': user, ...}`,
 * `{'owner_id': uid}`): its documents belong to someone. A collection the workspace never inserts a literal document
 * into says nothing of its owner, so it is taken as shared, like a model with no owner column.
 */
export function mongoCollectionOwned(workspace: Workspace, collection: string): boolean {
  if (OWNER_TABLES.test(collection)) return true;
  let hit = MONGO_OWNED.get(workspace);
  if (!hit || hit.generation !== workspace.generation) {
    hit = { generation: workspace.generation, owned: new Set() };
    for (const file of workspace.all()) {
      for (const call of file.facts.calls) {
        const callee = call.parts.callee;
        if (callee.type !== 'attribute' || !MONGO_INSERT.test(callee.field_('attribute')!.text)) continue;
        const name = mongoCollection(callee.field_('object'));
        if (name && insertedFields(call.parts.positional[0]).some((f) => OWNER_NAMES.test(f) && !auditName(f))) hit.owned.add(name);
      }
    }
    MONGO_OWNED.set(workspace, hit);
  }
  return hit.owned.has(collection);
}

/** The keys of a literal document, or of the literal documents of a list. */
function insertedFields(doc: SyntaxNode | undefined): string[] {
  const d = unwrap(doc);
  if (d?.type === 'list') return d.namedChildren.flatMap(insertedFields);
  if (d?.type !== 'dictionary') return [];
  return d.namedChildren.flatMap((pair) => {
    const key = pair.type === 'pair' ? stringValue(pair.field_('key')) : undefined;
    return key ? [key] : [];
  });
}
