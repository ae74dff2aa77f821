/**
 * The only module that imports web-tree-sitter. It loads the runtime and the
 * Python grammar once, from the WASM files shipped next to the bundle (or from
 * node_modules when running from compiled sources), so analysis works offline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser } from 'web-tree-sitter';
import type { Node as TsNode, Tree, TreeCursor, Range as TsRange } from 'web-tree-sitter';

export type { Tree, TreeCursor, TsNode, TsRange };
export { Edit };

export interface PythonParser {
  parser: Parser;
  language: Language;
  /** Node type names by type id: reading ids from a cursor is cheaper than strings. */
  typeNames: string[];
  /** Field names by field id (index 0 is "no field"). */
  fieldNames: (string | null)[];
  /** Whether nodes of a type id are named: a table lookup instead of a call into WASM per node. */
  namedTypes: boolean[];
}

let loading: Promise<PythonParser> | undefined;

function locate(file: string, packageEntry: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(packageEntry);
}

/** Loads tree-sitter and the Python grammar once per process. */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    const runtimeWasm = locate('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtimeWasm });
    const language = await Language.load(locate('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    const typeNames: string[] = [];
    const namedTypes: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      typeNames.push(language.nodeTypeForId(id) ?? '');
      namedTypes.push(language.nodeTypeIsNamed(id));
    }
    const fieldNames: (string | null)[] = [null];
    for (let id = 1; id <= language.fieldCount; id++) fieldNames.push(language.fieldNameForId(id));
    // The first parses run cold WASM code paths; pay that at start-up, not on the first keystroke.
    for (let i = 0; i < 3; i++) parser.parse('@app.route("/")\ndef f():\n    return 1\n')?.delete();
    return { parser, language, typeNames, fieldNames, namedTypes };
  })();
  return loading;
}
