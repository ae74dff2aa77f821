/**
 * "Validate input with a marshmallow schema" for mass assignment (FG302):
 * a schema generated from the SQLAlchemy model's columns, without the
 * privileged and server-owned ones, `unknown = RAISE`, placed in the
 * project's schemas module (or a new `schemas.py` beside the models), and
 * the handler rewritten to load through it with a 400 on ValidationError.
 * Without a resolvable model: an explicit allow-list instead.
 */
import * as path from 'node:path';
import { privilegedColumns, type ModelClass, type ModelColumn } from '../analysis/models';
import { callParts } from '../analysis/python';
import type { SyntaxNode } from '../analysis/syntax';
import type { IndexedFile, Workspace } from '../analysis/workspace';
import type { FileEdit, Fix } from '../rules/types';
import { ensureImport } from './imports';
import { statementOf, type StatementLines } from './statements';

export interface MassAssignment {
  /** The call that applies the data. */
  node: SyntaxNode;
  /** The request data it applies. */
  data: SyntaxNode;
  model?: ModelClass | undefined;
  kind: 'update' | 'constructor' | 'dict' | 'setattr' | 'query' | 'insert';
}

const SCHEMA_MODULE = /(^|\.)(schemas?|serializers)$/;
const TEXT_TYPES = new Set(['String', 'Text', 'Unicode', 'UnicodeText', 'VARCHAR', 'CHAR', 'Enum']);
const FIELD_BY_TYPE: Record<string, string> = {
  Integer: 'Int', BigInteger: 'Int', SmallInteger: 'Int', Boolean: 'Bool', DateTime: 'DateTime', Date: 'Date', Time: 'Time',
  Float: 'Float', Numeric: 'Decimal', JSON: 'Raw', LargeBinary: 'Raw', Interval: 'TimeDelta', Uuid: 'UUID', UUID: 'UUID',
};

/** `email = fields.Email(validate=validate.Length(max=255))`. */
export function fieldLine(column: ModelColumn): string {
  const type = column.type ?? '';
  const kind = /e-?mail/i.test(column.name) ? 'Email' : TEXT_TYPES.has(type) ? 'Str' : (FIELD_BY_TYPE[type] ?? 'Raw');
  const args: string[] = [];
  if (column.length !== undefined && (kind === 'Str' || kind === 'Email')) args.push(`validate=validate.Length(max=${column.length})`);
  if (!column.nullable && !column.hasDefault) args.push('required=True');
  if (column.nullable) args.push('allow_none=True');
  return `    ${column.name} = fields.${kind}(${args.join(', ')})`;
}

export function schemaSource(name: string, model: ModelClass): string {
  const privileged = new Set(privilegedColumns(model).map((c) => c.name));
  const fields = model.columns.filter((c) => !privileged.has(c.name) && !c.foreignKey);
  return [
    `class ${name}(Schema):`,
    `    """What a client may set on a ${model.name}; anything else is refused."""`,
    '',
    '    class Meta:',
    '        unknown = RAISE',
    '',
    ...(fields.length ? fields.map(fieldLine) : ['    pass']),
    '',
  ].join('\n');
}

function schemaModule(workspace: Workspace, model: ModelClass): { file?: IndexedFile; path: string; module: string } {
  const existing = [...workspace.all()].find((f) => SCHEMA_MODULE.test(f.module));
  if (existing) return { file: existing, path: existing.path, module: existing.module };
  const pkg = model.file.module.split('.').slice(0, path.basename(model.file.path) === '__init__.py' ? undefined : -1).join('.');
  return { path: path.join(path.dirname(model.file.path), 'schemas.py'), module: pkg ? `${pkg}.schemas` : 'schemas' };
}

export function massAssignmentFixes(workspace: Workspace, file: IndexedFile, sink: MassAssignment): Fix[] {
  // `for key, value in data.items(): setattr(...)`: the data is `data`, its `.items()` stays.
  const parts = callParts(sink.data);
  const data = parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'items' ? parts.callee.field_('object')! : sink.data;
  const target = { ...sink, data };
  const where = statementOf(data);
  if (!where) return [];
  return sink.model ? [schemaFix(workspace, file, target, sink.model, where)] : [allowListFix(file, target, where)];
}

function schemaFix(workspace: Workspace, file: IndexedFile, sink: MassAssignment, model: ModelClass, where: StatementLines): Fix {
  const creating = sink.kind === 'constructor' || sink.kind === 'insert';
  const name = `${model.name}${creating ? 'Create' : 'Update'}Schema`;
  const target = schemaModule(workspace, model);
  const edits: FileEdit[] = [];
  const defined = target.file?.symbols.get(name);
  if (!defined) {
    const header = 'from marshmallow import RAISE, Schema, fields, validate\n';
    if (!target.file) edits.push({ kind: 'create', file: target.path, text: `"""Input schemas: what clients may send."""\n${header}\n\n${schemaSource(name, model)}` });
    else {
      const f = target.file;
      for (const n of ['RAISE', 'Schema', 'fields', 'validate']) {
        const e = ensureImport(f, 'marshmallow', n);
        if (e) edits.push(e);
      }
      const text = f.source.text;
      edits.push({ kind: 'replace', file: f.path, start: text.length, end: text.length, text: (text.endsWith('\n') ? '\n\n' : '\n\n\n') + schemaSource(name, model) });
    }
  }
  const { indent, lineStart } = where;
  const load = `${name}().load(${sink.data.text}${creating ? '' : ', partial=True'})`;
  edits.push(
    { kind: 'replace', file: file.path, start: lineStart, end: lineStart, text: `${indent}try:\n${indent}    validated = ${load}\n${indent}except ValidationError as err:\n${indent}    return jsonify(errors=err.messages), 400\n` },
    { kind: 'replace', file: file.path, start: sink.data.start, end: sink.data.end, text: 'validated' },
  );
  for (const [module, member] of [['marshmallow', 'ValidationError'], ['flask', 'jsonify'], ...(target.module === file.module ? [] : [[target.module, name]])] as const) {
    const e = ensureImport(file, module, member);
    if (e) edits.push(e);
  }
  return { title: `Validate input with a marshmallow schema (\`${name}\`)`, applicability: 'unsafe', edits };
}

function allowListFix(file: IndexedFile, sink: MassAssignment, where: StatementLines): Fix {
  const { indent, lineStart } = where;
  const source = /^[\w.]+$/.test(sink.data.text) ? sink.data.text : `(${sink.data.text})`;
  return {
    title: 'Apply only an explicit allow-list of fields',
    applicability: 'unsafe',
    edits: [
      {
        kind: 'replace',
        file: file.path,
        start: lineStart,
        end: lineStart,
        text: `${indent}allowed_fields = set()  # the fields clients may set; every other key is dropped\n${indent}validated = {key: value for key, value in ${source}.items() if key in allowed_fields}\n`,
      },
      { kind: 'replace', file: file.path, start: sink.data.start, end: sink.data.end, text: 'validated' },
    ],
  };
}
