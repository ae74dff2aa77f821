import { ownNodes } from '../../analysis/body';
import { flowOf, FunctionFlow, isLoggingCall, parameterFor, type SourceKind, type Taint } from '../../analysis/dataflow';
import { unitFacts, type FunctionFact } from '../../analysis/facts';
import { modelNamed, modelOf, privilegedColumns, type ModelClass } from '../../analysis/models';
import { calledName, callParts, dottedName, lastName, stringItems, stringValue, targetNames, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { massAssignmentFixes } from '../../fixes/marshmallow-schema';
import { defineRule } from '../types';

/** Request data a client fills with any keys it likes. */
const BODY_SOURCES = new Set<SourceKind>(['json', 'form', 'values', 'data', 'arg']);
/** Steps after which the value is no longer the whole mapping (a string built from it, a slice). */
const NOT_WHOLE = new Set(['format', 'slice']);
/** Calls that return a model instance. */
const FETCHES = /^(get|get_or_404|first|first_or_404|one|one_or_none|scalar|scalar_one|scalar_one_or_none|get_by_id|find_one|load_user)$/;
/** Receivers that identify the logged-in user's record. */
const CURRENT_USER = /^(flask_login\.)?current_user$|^g\.(current_)?user$|^flask\.g\.user$/;
/** Helpers that look a record up (`get_user(id)`, `load_post(...)`). */
const LOOKUP_HELPER = /^(get|load|fetch|find|lookup)_\w+$|_or_404$/;
/** A helper body that fetches a record. */
const FETCHES_RECORD = /\.query\b|session\.get|get_or_404|first_or_404/;
/** pymongo's inserts: the argument is stored as the document. */
const MONGO_INSERT = /^(insert_one|insert_many)$/;
/** pymongo's updates and replacements: the second argument is the update (`{'$set': fields}`) or the new document. */
const MONGO_UPDATE = /^(update|update_one|update_many|find_one_and_update|replace_one|find_one_and_replace)$/;
/** Update operators that write the fields they are given as they are. */
const MONGO_SETTERS = new Set(['$set', '$setOnInsert']);
/** Every attribute of a model or object, privileged ones too: `obj.__table__.columns`, `dir(obj)`, `vars(obj)`. */
const MODEL_ATTRIBUTES = /__table__|__dict__|__mapper__|columns|^dir\(|^vars\(|hasattr/;
/** A loop over every column or attribute of a model: `Model.__table__.columns`, `inspect(Model).attrs`, `vars(obj)`. */
const COLUMN_ITERATION = /__table__|__mapper__|\binspect\(|^dir\(|^vars\(|__dict__/;
/** Cheap pre-filter: the function contains a sink shape, however its chains are laid out (see `chainText`). */
const SINK_SHAPE = /\.[\s\\]*(update|values|insert_(one|many)|(update|replace)_(one|many)|find_one_and_(update|replace))\s*\(|\*\*|setattr\(/;

/**
 * The node's source with the layout of its chains taken out: `(insert(User).\n    values(data))` reads as
 * `(insert(User).values(data))`, so the regexes that read call chains do not depend on line breaks.
 */
function chainText(node: SyntaxNode): string {
  return node.text.replace(/[\s\\]*\.[\s\\]*/g, '.').replace(/\s+\(/g, '(');
}

/** Class-level factories that build a record from keyword arguments: `User.create(**data)`. */
const FACTORIES = /^(create|new|build|make|from_dict|insert)$/;
/** A function named like a write the rule matches: its body decides what a call of it writes. */
function isWriteName(name: string): boolean {
  return name === 'update' || MONGO_INSERT.test(name) || MONGO_UPDATE.test(name) || FACTORIES.test(name);
}
/** How many project functions deep a write is followed; past that one is taken to write every key. */
const MAX_PROJECT_DEPTH = 2;

/** The function under analysis, with what its checks need to resolve names. */
interface Scope {
  workspace: Workspace;
  file: IndexedFile;
  fn: FunctionFact;
  flow: FunctionFlow;
  /** How many project functions were entered to reach it (0 for the view). */
  depth: number;
}

interface Sink {
  /** The call that applies the data. */
  node: SyntaxNode;
  /** The request data it applies. */
  data: SyntaxNode;
  /** What is written: the model, or the expression naming the record. */
  target: SyntaxNode | undefined;
  model?: ModelClass | undefined;
  kind: 'update' | 'constructor' | 'dict' | 'setattr' | 'query' | 'insert';
  /** The pymongo collection method that writes (`insert_one`, `update_one(..., {'$set': ...})`): the record is a stored document. */
  document?: string;
}

/**
 * Does `condition` hold only for keys on an allow-list (`k in ALLOWED`, `key in ('a', 'b')`, `k in ok_keys` bound to a
 * literal set, `col.name in FIELDS` for a loop over columns), or, with `holds` false, only for keys off it
 * (`k not in FIELDS`, `not k in FIELDS`)? The sense matters: `k not in BLOCKED` holding lets every other key through.
 */
function testsAllowList(condition: SyntaxNode, names: Set<string>, scope: Scope, holds = true): boolean {
  return condition.find('comparison_operator').some((cmp) => {
    const [left, right] = cmp.namedChildren;
    const negated = cmp.children.some((c) => c.type === 'not in');
    if (!left || !right || !(negated || cmp.children.some((c) => c.type === 'in' || c.text === 'in'))) return false;
    if (!names.has(loopVariable(left) ?? '')) return false;
    let sense = !negated;
    for (let p = cmp.parent; p && p !== condition.parent; p = p.parent) if (p.type === 'not_operator') sense = !sense;
    return sense === holds && isAllowList(right, scope);
  });
}

/** The loop variable a key expression reads: `k`, or `col` of `col.name` / `col.key` (a loop over a model's columns). */
function loopVariable(expr: SyntaxNode): string | undefined {
  const n = unwrap(expr)!;
  if (n.type === 'identifier') return n.text;
  return n.type === 'attribute' && /^(name|key)$/.test(n.field_('attribute')!.text) && unwrap(n.field_('object'))?.type === 'identifier' ? unwrap(n.field_('object'))!.text : undefined;
}

/** A collection of chosen field names: a literal, a constant or a name that says so, a name bound to a literal. */
function isAllowList(expr: SyntaxNode, scope: Scope): boolean {
  const r = unwrap(expr)!;
  if (stringItems(r)) return true;
  // `k in obj.__table__.columns`, `k in dir(obj)`, `k in vars(obj)` accept any attribute, privileged ones too.
  if (MODEL_ATTRIBUTES.test(chainText(r))) return false;
  const name = dottedName(r) ?? '';
  if (/^[A-Z][A-Z0-9_]*$/.test(lastName(name) ?? '') || /allow|permit|editable|whitelist|fields|safe|updatable|writable/i.test(name)) return true;
  const b = name ? scope.workspace.resolveDotted(scope.file, name, scope.fn) : undefined;
  return b?.kind === 'value' && !!stringItems(b.fact.value);
}

/**
 * The request data `expr` carries as a whole mapping: tainted by a body
 * source, and not narrowed to fields. A dict comprehension over request data
 * counts unless its filter is an allow-list.
 */
function wholeRequestData(scope: Scope, expr: SyntaxNode | undefined, depth = 0): Taint[] {
  const { flow, fn } = scope;
  const n = unwrap(expr);
  if (!n || depth > 3) return [];
  if (n.type === 'dictionary_comprehension') {
    const clause = n.namedChildren.find((c) => c.type === 'for_in_clause');
    const iterable = clause?.field_('right');
    const vars = new Set(targetNames(clause?.field_('left')));
    const filtered = n.namedChildren.some((c) => c.type === 'if_clause' && testsAllowList(c, vars, scope));
    return filtered ? [] : wholeRequestData(scope, iterable, depth + 1);
  }
  if (n.type === 'identifier') {
    if (boundToNamedKeys(fn, n.text)) return [];
    const direct = flow.taintsOf(n).filter((t) => isWhole(t, fn));
    if (direct.length) return direct;
    const merged = mergedInto(scope, n.text, depth);
    if (merged.length) return merged;
    // A name assigned from a comprehension: the flow does not follow comprehensions.
    for (const a of ownNodes(fn.node.field_('body'), ['assignment'])) {
      if (unwrap(a.field_('left'))?.text === n.text && unwrap(a.field_('right'))?.type === 'dictionary_comprehension') {
        const found = wholeRequestData(scope, a.field_('right'), depth + 1);
        if (found.length) return found;
      }
    }
    return [];
  }
  // `dict(**data)`, `dict(data, extra=1)`, `{**data}`: a copy of the whole mapping.
  const copied = copiedMapping(n);
  if (copied) return wholeRequestData(scope, copied, depth + 1);
  // `{'title': request.form['title']}`, `dict(title=...)`: the code names every key, field by field.
  if (namesEveryKey(n)) return [];
  // `data.items()` / `data.keys()` iterate the whole mapping.
  const parts = callParts(n);
  if (parts && parts.callee.type === 'attribute' && /^(items|keys|to_dict|copy)$/.test(lastName(parts.name) ?? '')) {
    return wholeRequestData(scope, parts.callee.field_('object'), depth + 1);
  }
  return flow.taintsOf(n).filter((t) => isWhole(t, fn));
}

/** `changes.update(request.get_json())`: the request data merged into the mapping `name` after it was bound. */
function mergedInto(scope: Scope, name: string, depth: number): Taint[] {
  for (const call of ownNodes(scope.fn.node.field_('body'), ['call'])) {
    const callee = call.field_('function');
    if (callee?.type !== 'attribute' || callee.field_('attribute')!.text !== 'update' || callee.field_('object')!.text !== name) continue;
    const found = wholeRequestData(scope, callParts(call)!.positional[0], depth + 1);
    if (found.length) return found;
  }
  return [];
}

/** The mapping a `dict(...)` call or a `{**x}` literal copies: its first positional argument or its first splat. */
function copiedMapping(n: SyntaxNode): SyntaxNode | undefined {
  if (n.type === 'dictionary') return n.namedChildren.find((c) => c.type === 'dictionary_splat')?.namedChildren[0];
  const parts = callParts(n);
  if (parts?.name !== 'dict') return undefined;
  return parts.positional[0] ?? n.field_('arguments')?.namedChildren.find((a) => a.type === 'dictionary_splat')?.namedChildren[0];
}

/** A dict literal or a `dict(...)` of keyword arguments only: the keys are the code's, the client picks none. */
function namesEveryKey(n: SyntaxNode): boolean {
  if (n.type === 'dictionary') return !n.namedChildren.some((c) => c.type === 'dictionary_splat');
  const parts = callParts(n);
  return parts?.name === 'dict' && parts.positional.length === 0 && !parts.splat;
}

/**
 * `changes = {'title': form['title']}` then `update(changes)`: every binding names its keys, and nothing merges
 * other keys in later (`changes.update(data)`).
 */
function boundToNamedKeys(fn: FunctionFact, name: string): boolean {
  const body = fn.node.field_('body');
  const values = ownNodes(body, ['assignment', 'augmented_assignment']).filter((a) => unwrap(a.field_('left'))?.text === name).map((a) => unwrap(a.field_('right')));
  const merged = new RegExp(`\\b${name}\\.(update|setdefault)\\(`);
  return values.length > 0 && values.every((v) => !!v && namesEveryKey(v)) && !(body && merged.test(chainText(body)));
}

/** Request data whose named fields are strings (`request.form['title']`), unlike a JSON body's, which may hold a mapping. */
const STRING_FIELDS = new Set<SourceKind>(['form', 'values', 'arg']);
/** A decoder that turns a string field into a mapping (`json.loads(request.form['data'])`). */
const DECODES = /\b(loads|literal_eval)\s*\(/;

function isWhole(t: Taint, fn: FunctionFact): boolean {
  if (t.source.name && STRING_FIELDS.has(t.source.kind) && !DECODES.test(fn.node.text)) return false;
  return BODY_SOURCES.has(t.source.kind) && !t.steps.some((s) => NOT_WHOLE.has(s.op) || (s.op === 'method' && /^(split|join|strip|lower|upper|encode|decode|replace|format)$/.test(s.name)));
}

/** A workspace function and the file that defines it. */
type ProjectFunction = { file: IndexedFile; fn: FunctionFact };

/** What a name or expression holds: a model record, or a query whose `update` writes rows. */
type Held = { kind: 'record' | 'query'; model?: ModelClass };

/** What the receiver of `x.update(...)` is: a model record, a query, or (unknown) a plain dict. */
function receiverKind(workspace: Workspace, file: IndexedFile, fn: FunctionFact, receiver: SyntaxNode, depth = 0): Held | undefined {
  const r = unwrap(receiver)!;
  const name = dottedName(r);
  if (name && CURRENT_USER.test(name)) return { kind: 'record', ...userModel(workspace) };
  if (r.type === 'call') return queryChain(workspace, file, fn, r) ?? recordFrom(workspace, file, fn, r, depth);
  if (r.type !== 'identifier') return undefined;
  // The last assignment to the name decides (flow-insensitive, as the data flow is).
  let kind: Held | undefined;
  for (const a of ownNodes(fn.node.field_('body'), ['assignment'])) {
    if (!targetNames(a.field_('left')).includes(r.text)) continue;
    kind = recordFrom(workspace, file, fn, a.field_('right'), depth);
  }
  return kind;
}

/** A query chain (`Post.query.filter_by(...)`, `db.session.query(Post)`, `select(...).where(...)`). */
function queryChain(workspace: Workspace, file: IndexedFile, fn: FunctionFact, call: SyntaxNode): Held | undefined {
  return /(\.query\b|\bquery\(|\.filter(_by)?\(|\.where\()/.test(chainText(call)) ? { kind: 'query', ...modelInChain(workspace, file, fn, call) } : undefined;
}

function userModel(workspace: Workspace): { model?: ModelClass } {
  const model = modelNamed(workspace, 'User') ?? modelNamed(workspace, 'Account');
  return model ? { model } : {};
}

/** The model a query chain starts from: `Project.query...`, `db.session.query(Project)...`, `db.session.get(Project, id)`. */
function modelInChain(workspace: Workspace, file: IndexedFile, fn: FunctionFact, expr: SyntaxNode): { model?: ModelClass } {
  for (const id of expr.find('identifier')) {
    if (id.parent?.type === 'attribute' && id.field !== 'object') continue;
    const model = modelOf(workspace, file, id, fn);
    if (model) return { model };
  }
  return {};
}

/**
 * The record (or query) a call returns: a model's constructor, a fetch (`Post.query.get(pid)`), or a workspace
 * helper whose `return` gives one back. A helper out of sight, or one whose returns say nothing, is read by its
 * name: `get_user(uid)` / `find_blog_post_by_slug(...)` returns the workspace model it names.
 */
function recordFrom(workspace: Workspace, file: IndexedFile, fn: FunctionFact, value: SyntaxNode | undefined, depth = 0): Held | undefined {
  const parts = callParts(value);
  if (!parts) return undefined;
  const model = modelOf(workspace, file, parts.callee, fn);
  if (model) return { kind: 'record', model };
  const last = lastName(parts.name) ?? (parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined) ?? '';
  if (FETCHES.test(last) && /\.query\b|session\.|\bdb\.|\.objects\b|select\(/.test(chainText(value!))) return { kind: 'record', ...modelInChain(workspace, file, fn, value!) };
  const b = parts.name ? workspace.resolveDotted(file, parts.name, fn) : undefined;
  if (b?.kind === 'function') {
    const helper = { file: b.file, fn: b.fact };
    const returned = depth < MAX_PROJECT_DEPTH ? helperReturns(workspace, helper, depth + 1) : undefined;
    if (returned) return returned;
    if (LOOKUP_HELPER.test(last) && FETCHES_RECORD.test(chainText(b.fact.node))) return { kind: 'record' };
    if (returnsPlainData(workspace, helper)) return undefined;
  }
  const named = modelInHelperName(workspace, last);
  return named && { kind: 'record', model: named };
}

/** What a workspace helper's `return` statements hand back: the first record or query among them. */
function helperReturns(workspace: Workspace, helper: ProjectFunction, depth: number): Held | undefined {
  for (const ret of ownNodes(helper.fn.node.field_('body'), ['return_statement'])) {
    const value = unwrap(ret.namedChildren[0]);
    if (!value) continue;
    // A fetch returned directly is a record, though its chain reads like a query (`return Post.query.get(pid)`).
    const held = value.type === 'call' ? recordFrom(workspace, helper.file, helper.fn, value, depth) ?? queryChain(workspace, helper.file, helper.fn, value) : receiverKind(workspace, helper.file, helper.fn, value, depth);
    if (held) return held;
  }
  return undefined;
}

/** Values that are plain data, never a record. */
const PLAIN_LITERALS = /^(dictionary|list|set|tuple|string|integer|float|none|true|false|dictionary_comprehension|list_comprehension)$/;

/** Does every `return` of the helper hand back plain data: a literal, `dict(...)`, an entry of a dict literal (`USERS.get(uid)`)? */
function returnsPlainData(workspace: Workspace, helper: ProjectFunction): boolean {
  const values = ownNodes(helper.fn.node.field_('body'), ['return_statement']).map((r) => unwrap(r.namedChildren[0]));
  return values.length > 0 && values.every((v) => !v || isPlainData(workspace, helper, v, true));
}

function isPlainData(workspace: Workspace, helper: ProjectFunction, value: SyntaxNode, followName: boolean): boolean {
  if (PLAIN_LITERALS.test(value.type)) return true;
  const parts = callParts(value);
  if (parts?.name === 'dict') return true;
  const mapping = value.type === 'identifier' ? value : value.type === 'subscript' ? value.field_('value') : lastName(parts?.name) === 'get' && parts!.callee.type === 'attribute' ? parts!.callee.field_('object') : undefined;
  const b = mapping ? workspace.resolveExpression(helper.file, mapping, helper.fn) : undefined;
  if (b?.kind !== 'value' || !b.fact.value) return false;
  // `user = USERS.get(uid)` then `return user`: the name's value decides, once.
  if (value.type === 'identifier') return followName && isPlainData(workspace, { file: b.file, fn: helper.fn }, unwrap(b.fact.value)!, false);
  return unwrap(b.fact.value)?.type === 'dictionary';
}

/** `get_user`, `load_blog_post_or_404`, `find_user_by_email`: the lookup's noun, then the workspace model it names. */
const HELPER_NOUN = /^(?:get|load|fetch|find|lookup)_([a-z0-9_]+?)(?:_by_\w+|_or_404)?$/;

function modelInHelperName(workspace: Workspace, name: string): ModelClass | undefined {
  const noun = HELPER_NOUN.exec(name)?.[1];
  return noun ? modelNamed(workspace, noun.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')) : undefined;
}

/** The document class behind a manager (MongoEngine's, Django's): `Post.objects.create(**data)` builds a `Post`. */
function managedDocument(receiver: SyntaxNode): SyntaxNode | undefined {
  return receiver.type === 'attribute' && receiver.field_('attribute')?.text === 'objects' ? receiver.field_('object')! : undefined;
}

/**
 * What a pymongo write stores from its arguments: `insert_one(doc)`, the fields of `update_one(filter, {'$set': fields})`,
 * `replace_one(filter, doc)`, or an update document passed whole (the client then picks the operators too).
 */
function mongoDocument(parts: CallParts, method: string): SyntaxNode | undefined {
  if (!onlyFlagsAfter(parts, MONGO_INSERT.test(method) ? 1 : 2)) return undefined;
  if (MONGO_INSERT.test(method)) return parts.positional[0] ?? parts.keywords.get('document') ?? parts.keywords.get('documents');
  if (!MONGO_UPDATE.test(method)) return undefined;
  const update = parts.positional[1] ?? parts.keywords.get('update') ?? parts.keywords.get('replacement');
  const literal = unwrap(update);
  const operators = literal?.type === 'dictionary' ? literal.namedChildren.filter((p) => p.type === 'pair' && stringValue(p.field_('key'))?.startsWith('$')) : [];
  // Without operators the literal is the replacement document itself (`{**data}` copies the body).
  if (!operators.length) return update;
  return operators.find((p) => MONGO_SETTERS.has(stringValue(p.field_('key'))!))?.field_('value') ?? undefined;
}

/**
 * Do the positional arguments past the first `slots` fit the library call matched: only flags and options
 * (pymongo's `upsert`, SQLAlchemy's `synchronize_session`; `dict.update` takes none)? A project method
 * called with fields one by one (`service.update(id, name, email, age)`) merges no mapping.
 */
function onlyFlagsAfter(parts: CallParts, slots: number): boolean {
  return parts.positional.slice(slots).every((a) => /^(true|false|none|string)$/.test(unwrap(a)?.type ?? ''));
}

function findSinks(scope: Scope): (Sink & { taint: Taint })[] {
  const { workspace, file, fn } = scope;
  const sinks: (Sink & { taint: Taint })[] = [];
  const calls = ownNodes(fn.node.field_('body'), ['call']);
  const validated = validatedSources(scope, calls);
  const push = (sink: Sink, taints: Taint[]) => {
    const open = taints.filter((t) => !validated.some((v) => v.kind === t.source.kind && v.name === t.source.name));
    if (open[0]) sinks.push({ ...sink, taint: open[0] });
  };
  for (const call of calls) {
    const parts = callParts(call)!;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    const splat = call.field_('arguments')?.namedChildren.filter((a) => a.type === 'dictionary_splat').map((a) => a.namedChildren[0]!) ?? [];
    const document = method ? mongoDocument(parts, method) : undefined;
    const stored = document ? wholeRequestData(scope, document) : [];
    if (stored.length) {
      if (projectCodeNarrows(scope, parts, document!)) continue;
      push({ node: call, data: document!, target: parts.callee.field_('object')!, kind: MONGO_INSERT.test(method!) ? 'insert' : 'update', document: method }, stored);
      continue;
    }
    if (method === 'update' || method === 'values') {
      const receiver = parts.callee.field_('object')!;
      // A model class's own update (`Note.update(nid, **fields)`, peewee's `Note.update(**fields).where(...)`) takes the
      // record's id first and the fields splatted.
      const modelClass = method === 'update' ? modelOf(workspace, file, receiver, fn) : undefined;
      const data = modelClass ? (splat.find((s) => wholeRequestData(scope, s).length) ?? parts.positional[0]) : (parts.positional[0] ?? splat[0]);
      if (!data || !onlyFlagsAfter(parts, 1)) continue;
      const taints = wholeRequestData(scope, data);
      if (!taints.length) continue;
      if (method === 'values') {
        // SQLAlchemy 2.0: `update(Model).where(...).values(**data)`, and `insert(Model).values(data)`, a new row built from the data.
        const statement = /(^|\W)(update|insert)\(/.exec(chainText(receiver))?.[2];
        if (statement) push({ node: call, data, target: receiver, kind: statement === 'insert' ? 'insert' : 'query', ...modelInChain(workspace, file, fn, receiver) }, taints);
        continue;
      }
      if (dottedName(receiver)?.endsWith('__dict__')) {
        push({ node: call, data, target: receiver, kind: 'dict', model: undefined }, taints);
        continue;
      }
      const kind: Held | undefined = modelClass ? { kind: 'query', model: modelClass } : receiverKind(workspace, file, fn, receiver);
      // A query's `update` is SQLAlchemy's; a record's, or a model class's, may be the model's own.
      if (kind && !((kind.kind === 'record' || modelClass) && projectCodeNarrows(scope, parts, data, kind.model))) push({ node: call, data, target: receiver, kind: kind.kind === 'query' ? 'query' : 'update', model: kind.model }, taints);
      continue;
    }
    if (splat.length) {
      // `User(**data)`, and the class-level factories `User.create(**data)` / `User.new(**data)`.
      const factory = parts.callee.type === 'attribute' && FACTORIES.test(method ?? '') ? parts.callee.field_('object')! : undefined;
      const document = factory && managedDocument(factory);
      const model = modelOf(workspace, file, document ?? factory ?? parts.callee, fn);
      const data = splat.find((s) => wholeRequestData(scope, s).length);
      // A manager's `create` stores a record even when the class is out of sight.
      if ((model || document) && data && !projectCodeNarrows(scope, parts, data)) push({ node: call, data, target: parts.callee, kind: 'constructor', model }, wholeRequestData(scope, data));
      continue;
    }
    if (parts.name === 'setattr' && parts.positional.length >= 2) {
      const sink = setattrLoop(scope, call, parts.positional);
      // Each `setattr` of one loop copies the same keys: the loop is one finding.
      if (sink && !sinks.some((s) => s.kind === 'setattr' && s.data === sink.data)) push(sink, [sink.taint]);
    }
  }
  return sinks;
}

/**
 * Does the call run a project function (not the library method of that name) whose body does not write every key
 * of `data`: `piece.update(data)` where the model's own `update` copies an allow-list, `Member.insert_one(form)` on
 * the app's class that stores two named fields?
 */
function projectCodeNarrows(scope: Scope, parts: CallParts, data: SyntaxNode, model?: ModelClass): boolean {
  const callee = projectCallee(scope, parts, model);
  return !!callee && !writesEveryKey(scope, callee, parts, data);
}

/** The workspace method the call names, or the record's model method of that name. */
function projectCallee(scope: Scope, parts: CallParts, model?: ModelClass): ProjectFunction | undefined {
  const { workspace, file, fn } = scope;
  let b = parts.name ? workspace.resolveDotted(file, parts.name, fn) : undefined;
  const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : undefined;
  if (b?.kind !== 'function' && model && method) b = workspace.resolveDotted(model.file, `${model.cls.name}.${method}`);
  return b?.kind === 'function' && b.fact.className ? { file: b.file, fn: b.fact } : undefined;
}

/**
 * Does the project function, handed `data` (inside one argument of the call), write every key of it: a sink of
 * its own over the parameter (a `setattr` loop, a library write), or the parameter passed on whole to another call?
 */
function writesEveryKey(scope: Scope, callee: ProjectFunction, parts: CallParts, data: SyntaxNode): boolean {
  const param = receivingParameter(callee.fn, parts, data);
  if (!param || scope.depth >= MAX_PROJECT_DEPTH) return true;
  // The parameter stands for the whole request mapping; the flow then follows it as it follows request data. It is
  // seeded as a body (`data`), not as a collection the flow reads like the request's own (`json`): `data[field]` is then
  // a keyed step off the parameter, which `passesOnWhole` tells from the mapping itself.
  const seed: Taint = { source: { kind: 'data', node: callee.fn.node }, steps: [] };
  const flow = new FunctionFlow(callee.fn.node, undefined, 1, false, new Map([[param, [seed]]]));
  const inner: Scope = { workspace: scope.workspace, file: callee.file, fn: callee.fn, flow, depth: scope.depth + 1 };
  return findSinks(inner).length > 0 || passesOnWhole(inner);
}

/** The parameter of `fn` bound by the argument that holds `data`: by position or keyword, `**kwargs` for a splat; none for `*args`. */
function receivingParameter(fn: FunctionFact, parts: CallParts, data: SyntaxNode): string | undefined {
  const params = fn.node.field_('parameters')?.namedChildren ?? [];
  const rest = params.find((p) => p.type === 'dictionary_splat_pattern')?.namedChildren.find((c) => c.type === 'identifier')?.text;
  const holds = (arg: SyntaxNode) => arg.start <= data.start && data.end <= arg.end;
  const position = parts.positional.findIndex(holds);
  if (position >= 0) {
    const name = parameterFor(fn, position);
    const node = params.find((p) => (p.type === 'identifier' ? p : p.namedChildren.find((c) => c.type === 'identifier'))?.text === name);
    return node && !/splat/.test(node.type) ? name : undefined;
  }
  for (const [keyword, arg] of parts.keywords) if (holds(arg)) return parameterFor(fn, keyword) ?? rest;
  return rest;
}

/**
 * The data handed whole to another call (`cls(**fields)`, `super().update(fields)`), where the write cannot be
 * seen; `setattr` is its loop's business, and checks and logging do not write.
 */
function passesOnWhole(scope: Scope): boolean {
  return ownNodes(scope.fn.node.field_('body'), ['call']).some((call) => {
    if (/^(setattr|isinstance|len)$/.test(callParts(call)?.name ?? '') || isLoggingCall(call)) return false;
    return (call.field_('arguments')?.namedChildren ?? []).some((a) => {
      const value = a.type === 'keyword_argument' ? a.field_('value') : /splat/.test(a.type) ? a.namedChildren[0] : a;
      return wholeRequestData(scope, value).some((t) => !t.steps.some((step) => step.op === 'key' || step.op === 'index'));
    });
  });
}

/**
 * Request data checked against a schema in place: `errors = schema.validate(data)`
 * (marshmallow refuses unknown fields), `jsonschema.validate(data, SCHEMA)`, a Cerberus validator called on it
 * (`v = Validator(schema)` then `v(data)`; it refuses keys its schema does not list). A Cerberus validator told to
 * take unknown keys (`allow_unknown=True`) checks only the fields it names, and gates nothing.
 */
function validatedSources(scope: Scope, calls: SyntaxNode[]): Taint['source'][] {
  const out: Taint['source'][] = [];
  for (const call of calls) {
    const parts = callParts(call)!;
    const receiver = parts.callee.type === 'attribute' ? parts.callee.field_('object')! : undefined;
    const validator = cerberusValidator(scope, receiver && calledName(parts) === 'validate' ? receiver : parts.callee);
    if (validator ? allowsUnknown(scope, validator) : calledName(parts) !== 'validate') continue;
    for (const arg of [...parts.positional.slice(0, 1), ...(validator ? [] : parts.positional.slice(1)), ...(parts.keywords.get('instance') ? [parts.keywords.get('instance')!] : []), ...(parts.keywords.get('document') ? [parts.keywords.get('document')!] : [])]) {
      out.push(...scope.flow.taintsOf(arg).map((t) => t.source));
    }
  }
  return out;
}

/** The construction of a Cerberus validator `expr` is or names (`Validator(schema)`, `v` bound to a subclass's instance). */
function cerberusValidator(scope: Scope, expr: SyntaxNode): { call: SyntaxNode; name?: string } | undefined {
  const n = unwrap(expr)!;
  const built = n.type === 'identifier' ? lastAssigned(scope.fn, n.text) : n;
  const parts = callParts(built);
  if (!parts?.name || !isCerberusClass(scope, parts.name)) return undefined;
  return { call: built!, ...(n.type === 'identifier' ? { name: n.text } : {}) };
}

/** The value last assigned to `name` in the function's own body (flow-insensitive, as the data flow is). */
function lastAssigned(fn: FunctionFact, name: string): SyntaxNode | undefined {
  let value: SyntaxNode | undefined;
  for (const a of ownNodes(fn.node.field_('body'), ['assignment'])) if (unwrap(a.field_('left'))?.text === name) value = unwrap(a.field_('right'));
  return value;
}

/** `cerberus.Validator`, or a workspace class built on it (`class AppValidator(Validator)` adding its own rules). */
function isCerberusClass(scope: Scope, name: string): boolean {
  const b = scope.workspace.resolveDotted(scope.file, name, scope.fn);
  if (b?.kind === 'external') return /^cerberus\./.test(b.qualified);
  if (b?.kind !== 'class') return false;
  return scope.workspace.classChain(b.file, b.fact).some(({ cls, file }) => cls.bases.some((base) => {
    const r = scope.workspace.resolveDotted(file, base, cls.enclosing);
    return r?.kind === 'external' && /^cerberus\./.test(r.qualified);
  }));
}

/** `Validator(schema, allow_unknown=True)`, or `v.allow_unknown = True` on the instance. */
function allowsUnknown(scope: Scope, validator: { call: SyntaxNode; name?: string }): boolean {
  const keyword = callParts(validator.call)!.keywords.get('allow_unknown');
  if (keyword && !/^(false|none)$/.test(unwrap(keyword)!.type)) return true;
  const set = validator.name ? lastAssigned(scope.fn, `${validator.name}.allow_unknown`) : undefined;
  return !!set && !/^(false|none)$/.test(set.type);
}

/**
 * `for k, v in data.items(): setattr(obj, k, v)`, or a loop over the model's columns that copies those the data
 * holds (`setattr(obj, col.name, data[col.name])`), with no allow-list test on the key inside the loop.
 */
function setattrLoop(scope: Scope, call: SyntaxNode, args: readonly SyntaxNode[]): (Sink & { taint: Taint }) | undefined {
  const { workspace, file, fn } = scope;
  const key = loopVariable(args[1]!);
  if (!key) return undefined;
  for (let loop = call.ancestor('for_statement'); loop && fn.node.contains(loop); loop = loop.ancestor('for_statement')) {
    const vars = new Set(targetNames(loop.field_('left')));
    if (!vars.has(key)) continue;
    const overColumns = COLUMN_ITERATION.test(chainText(unwrap(loop.field_('right'))!));
    const data = overColumns ? args[2] : loop.field_('right');
    const taints = wholeRequestData(scope, data);
    if (!taints.length || keyGuarded(loop, call, vars, scope)) return undefined;
    const target = args[0]!;
    const kind = receiverKind(workspace, file, fn, target);
    const mapping = overColumns && unwrap(data)?.type === 'subscript' ? unwrap(data)!.field_('value')! : data!;
    return { node: call, data: mapping, target, kind: 'setattr', model: kind?.model, taint: taints[0]! };
  }
  return undefined;
}

/** Only allow-listed keys reach the call: it sits under `if k in ALLOWED`, or after `if k not in ALLOWED: continue`. */
function keyGuarded(loop: SyntaxNode, call: SyntaxNode, vars: Set<string>, scope: Scope): boolean {
  return !!loop.field_('body')?.find('if_statement').some((s) => {
    const condition = s.field_('condition')!;
    if (s.field_('consequence')?.contains(call)) return testsAllowList(condition, vars, scope, true);
    // In an `elif` or `else` branch: reached when the test fails.
    if (s.contains(call)) return testsAllowList(condition, vars, scope, false);
    return s.end <= call.start && leavesIteration(s.field_('consequence')) && testsAllowList(condition, vars, scope, false);
  });
}

/** A branch that skips the rest of the iteration: `continue`, `return`, `raise`, `abort(...)`. */
function leavesIteration(branch: SyntaxNode | undefined): boolean {
  return !!branch && (branch.find('continue_statement', 'return_statement', 'raise_statement').length > 0 || branch.find('call').some((c) => /^(flask\.)?abort$/.test(callParts(c)?.name ?? '')));
}

function dataName(sink: Sink, taint: Taint): string {
  const d = unwrap(sink.data)!;
  if (d.type === 'identifier') return `\`${d.text}\``;
  const where: Partial<Record<SourceKind, string>> = { json: 'the request JSON', form: 'the form', values: 'the request values', data: 'the request body', arg: 'the query string' };
  return where[taint.source.kind] ?? 'the request data';
}

function message(sink: Sink & { taint: Taint }): string {
  // Columns the call sets itself (`Todo(**data, user_id=...)`) cannot come from the client.
  const fixed = new Set(sink.kind === 'constructor' ? callParts(sink.node)?.keywords.keys() : []);
  const privileged = sink.model ? privilegedColumns(sink.model).map((c) => c.name).filter((n) => n !== 'id' && !fixed.has(n)).slice(0, 2) : [];
  const set = privileged.length ? `any column, \`${privileged.join('`, `')}\` included` : sink.document ? 'any field' : 'any attribute';
  const data = dataName(sink, sink.taint);
  const target = sink.model ? `\`${sink.model.name}\`` : `\`${unwrap(sink.target)?.text ?? 'the record'}\``;
  const how =
    sink.document ? `\`${unwrap(sink.node)!.field_('function')!.text}(...)\` ${sink.kind === 'insert' ? `stores every key of ${data} as a new document` : `writes every key of ${data} into the stored document`}`
    : sink.kind === 'constructor' ? `\`${unwrap(sink.target)!.text}(**...)\` builds a ${sink.model ? target : 'record'} from ${data}`
    : sink.kind === 'setattr' ? `the \`setattr\` loop copies every key of ${data} onto ${target}`
    : sink.kind === 'query' ? `the query update writes every key of ${data} into ${target} rows`
    : sink.kind === 'insert' ? `the insert builds a ${target} row from every key of ${data}`
    : sink.kind === 'dict' ? `\`__dict__.update\` copies every key of ${data} onto the object`
    : `\`${unwrap(sink.node)!.field_('function')!.text}(...)\` copies every key of ${data} onto ${target}`;
  return `${how}, so a client can set ${set}; load it through a schema or copy an allow-list of fields`;
}

/**
 * What a caller reads of a helper: the values it returns, and the bindings of the names among them, each by its shape
 * (`returnedShape`), so typing inside a return's arguments leaves the unit interface, and other files' results, alone.
 */
function returnSignature(f: FunctionFact): string {
  const body = f.node.field_('body');
  const values = ownNodes(body, ['return_statement']).flatMap((r) => r.namedChildren.slice(0, 1));
  if (!values.length) return '';
  const names = new Set(values.filter((v) => v.type === 'identifier').map((v) => v.text));
  const bindings = names.size ? ownNodes(body, ['assignment']).flatMap((a) => (targetNames(a.field_('left')).some((n) => names.has(n)) ? [a.field_('right')!] : [])) : [];
  return `${f.qualname}(${[...values, ...bindings].map(returnedShape).join(';')})`;
}

/**
 * `Post.query.get(pid)` → `call:Post.query.get`, `db.session.query(Post)` → `call:db.session.query.Post`: the names
 * along a value's chain and the classes its arguments name, which is all `recordFrom` and `isPlainData` read of it.
 */
function returnedShape(value: SyntaxNode): string {
  const names: string[] = [];
  const visit = (n: SyntaxNode, inArguments: boolean): void => {
    if (n.type === 'identifier' && (!inArguments || /^[A-Z]/.test(n.text))) names.push(n.text);
    for (const c of n.namedChildren) visit(c, inArguments || n.type === 'argument_list');
  };
  visit(value, false);
  return `${value.type}:${names.join('.')}`;
}

export default defineRule({
  meta: {
    code: 'FG302',
    name: 'mass-assignment',
    family: 'session-and-design',
    severity: 'error',
    cwe: [915],
    summary: 'Request data is applied wholesale to a database model (`obj.update(request.json)`, `Model(**data)`, a `setattr` loop).',
    fix: { availability: 'always', applicability: 'unsafe', title: 'Validate input with a marshmallow schema' },
    docs: {
      whatItDoes:
        'Follows request data (`request.json`, `request.get_json()`, `request.form`, `request.values`, and variables holding ' +
        'them, and copies such as `dict(**data)` or `{**data}`) into calls that write every key onto a model: `record.update(data)`, `Model(**data)`, a manager\'s `Model.objects.create(**data)`, a model class\'s `Model.update(record_id, **data)` (peewee\'s `Model.update(**data).where(...)`), `obj.__dict__.update(data)`, ' +
        '`setattr(obj, key, value)` in a loop over the data (or over the model\'s columns, copying those the data holds), `Model.query.filter_by(...).update(data)` and ' +
        '`update(Model).values(**data)` or `insert(Model).values(data)`, and pymongo writes of the data as a document ' +
        '(`collection.insert_one(data)`, `insert_many`, `replace_one(filter, data)`) or as the fields of an update ' +
        '(`update_one(filter, {\'$set\': data})`, `update_many`, `update`, `find_one_and_update`), however a chain is laid out ' +
        'across lines. The record is one fetched by a query, the logged-in user, or one a workspace helper returns (a ' +
        'function or method whose `return` gives back a fetch, a model or a query, followed through two helpers); a lookup ' +
        'whose body is out of sight or says nothing is read by its name (`get_user(uid)` returns the workspace model `User`), ' +
        'unless its body returns plain data (`USERS.get(uid)` of a dict). Data loaded or validated through a schema (`schema.load(...)`, `schema.validate(data)`, a Cerberus validator called on it, `v(data)`, unless built to take unknown keys with `allow_unknown=True`), filtered by an allow-list (a dict ' +
        'comprehension with `if k in ALLOWED`, an `if key not in FIELDS: continue` in the loop; a block-list such as ' +
        '`if key not in (\'id\',)` or `if key in PROTECTED: continue` lets every other key through and is reported) or copied field by field is not ' +
        'reported, nor a call that runs the project\'s own function of that name (a model\'s `update`, an app class\'s ' +
        '`insert_one`) whose body sets named fields or filters the keys by an allow-list (one that writes every key is reported), nor is one field of a form or query string (`request.form[\'title\']` is a string) unless the view decodes it (`json.loads`), nor a call ' +
        'named `update` that is given fields one by one (`service.update(id, name, email, age)`: no library update takes them). ' +
        'The message names privileged columns of the SQLAlchemy model the data reaches.',
      whyIsThisBad:
        'The client decides which keys it sends. Applying them all lets a user promote themselves (`is_admin: true`), change ' +
        'their plan or balance, or move a record to another owner, through a form or API that was only meant to rename things.',
      example: [
        'from flask import Flask, request',
        'from flask_login import current_user, login_required',
        '',
        'app = Flask(__name__)',
        '',
        '',
        "@app.put('/profile')",
        '@login_required',
        'def update_profile():',
        '    data = request.get_json()',
        '    for key, value in data.items():',
        '        setattr(current_user, key, value)',
        "    return {'ok': True}",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, request',
        'from flask_login import current_user, login_required',
        '',
        'app = Flask(__name__)',
        "PROFILE_FIELDS = {'display_name', 'bio'}",
        '',
        '',
        "@app.put('/profile')",
        '@login_required',
        'def update_profile():',
        '    data = request.get_json()',
        '    for key, value in data.items():',
        '        if key in PROFILE_FIELDS:',
        '            setattr(current_user, key, value)',
        "    return {'ok': True}",
        '',
      ].join('\n'),
      fixSafety:
        'Unsafe: requests with keys outside the schema are now refused with a 400. The fix generates `<Model>UpdateSchema` ' +
        '(or `<Model>CreateSchema` for a constructor) from the SQLAlchemy model\'s columns, leaving out ids, privileges, money, ' +
        'ownership, secrets and timestamps, with `unknown = RAISE`, in the project\'s schemas module (or a new `schemas.py` ' +
        'beside the models), and loads the body through it. Where the model cannot be resolved it writes an explicit, empty ' +
        'allow-list for you to fill. Review the generated fields before applying.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Mass_Assignment_Cheat_Sheet.html'],
    },
  },
  summarize(unit) {
    // Callers' verdicts depend on which helpers return records (what they return, which fetch their body makes),
    // and on the bodies of project methods named like the writes they make (a model's own `update`): none is in the
    // unit interface.
    const functions = unitFacts(unit).functions;
    const lookups = functions.filter((f) => LOOKUP_HELPER.test(f.name) && FETCHES_RECORD.test(chainText(f.node))).map((f) => f.qualname);
    const returns = functions.map(returnSignature).filter(Boolean);
    const writes = functions.filter((f) => f.className && isWriteName(f.name)).map((f) => `${f.qualname}{${f.node.field_('body')?.text ?? ''}}`);
    return [...lookups, ...returns, ...writes].join(',');
  },
  checkUnit(unit, ctx) {
    const { file, workspace } = ctx;
    // Test code is not served: a session forged through `session_transaction()` or a throwaway app in a fixture is scaffolding.
    if (file.inTests) return;
    for (const fn of unitFacts(unit).functions) {
      // Cheap pre-filter: only functions that contain a sink shape need the data flow.
      if (!SINK_SHAPE.test(fn.node.text)) continue;
      const flow = flowOf(fn.node, workspace, file, fn);
      for (const sink of findSinks({ workspace, file, fn, flow, depth: 0 })) {
        // `insert_many` stores a list of documents: an allow-list of one document's keys does not fit it.
        const fixable = sink.document !== 'insert_many';
        ctx.report(file, sink.node, message(sink), { fixes: () => (fixable ? massAssignmentFixes(workspace, workspace.get(file.path) ?? file, sink) : []) });
      }
    }
  },
});
