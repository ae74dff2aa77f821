/** Adding an import the way a person would: into an existing `from m import ...`, else after the last import. */
import type { IndexedFile } from '../analysis/workspace';
import type { FileEdit } from '../rules/types';

/** The edit that makes `name` from `module` available in `file`, or none when it already is. */
export function ensureImport(file: IndexedFile, module: string, name: string): FileEdit | undefined {
  if (file.facts.imports.some((i) => i.local === name && (i.module === module || i.module.endsWith('.' + module) || i.member === name))) return undefined;
  const topLevel = file.facts.imports.filter((i) => i.node.parent === null);
  const sameModule = topLevel.find((i) => i.node.type === 'import_from_statement' && i.module === module && i.member !== '*');
  if (sameModule) {
    const stmt = sameModule.node;
    const names = stmt.namedChildren.filter((c) => c !== stmt.field_('module_name') && (c.type === 'dotted_name' || c.type === 'aliased_import'));
    const last = names[names.length - 1];
    if (last) return { kind: 'replace', file: file.path, start: last.end, end: last.end, text: `, ${name}` };
  }
  const line = `from ${module} import ${name}\n`;
  const lastImport = topLevel[topLevel.length - 1];
  const text = file.source.text;
  if (lastImport) {
    const at = text.indexOf('\n', lastImport.node.end);
    const offset = at < 0 ? text.length : at + 1;
    return { kind: 'replace', file: file.path, start: offset, end: offset, text: at < 0 ? '\n' + line : line };
  }
  // No imports: after a module docstring, else at the top.
  const first = file.source.units[0];
  const docstring = first && first.root.type === 'expression_statement' && first.root.namedChildren[0]?.type === 'string' ? first : undefined;
  if (docstring) {
    const at = text.indexOf('\n', docstring.end);
    const offset = at < 0 ? text.length : at + 1;
    return { kind: 'replace', file: file.path, start: offset, end: offset, text: (at < 0 ? '\n' : '') + '\n' + line };
  }
  return { kind: 'replace', file: file.path, start: 0, end: 0, text: line + (text.startsWith('\n') ? '' : '\n') };
}

/** The edit that adds `import <module>` (above the first import), or none when the module is imported. */
export function ensureModuleImport(file: IndexedFile, module: string): FileEdit | undefined {
  if (file.facts.imports.some((i) => i.local === module && !i.member)) return undefined;
  const first = file.facts.imports.find((i) => i.node.parent === null);
  const text = file.source.text;
  const offset = first ? text.lastIndexOf('\n', first.node.start - 1) + 1 : 0;
  return { kind: 'replace', file: file.path, start: offset, end: offset, text: `import ${module}\n` + (first ? '' : '\n') };
}
