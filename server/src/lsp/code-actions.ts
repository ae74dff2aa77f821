/**
 * Code actions for a finding, in ESLint's order: fixes, commands, disable for
 * this line, show documentation. Safe fixes are preferred; `source.fixAll`
 * gets only safe fixes.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { LineIndex } from '../analysis/source-file';
import { withSuppression } from '../engine/suppressions';
import { selectFixes } from '../fixes/apply';
import type { FileEdit, Finding, Fix } from '../rules/types';
import { pathToUri, toRange } from './convert';
import { CommandIds } from './protocol';

export const FIX_ALL_KIND = 'source.fixAll.flaskGuard';

export type LinesOf = (file: string) => LineIndex | undefined;

export function toWorkspaceEdit(edits: readonly FileEdit[], linesOf: LinesOf): WorkspaceEdit {
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) {
    if (e.kind === 'create') {
      documentChanges.push({ kind: 'create', uri: pathToUri(e.file), options: { ignoreIfExists: true } });
      documentChanges.push({ textDocument: { uri: pathToUri(e.file), version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: e.text }] });
      continue;
    }
    const lines = linesOf(e.file);
    if (!lines) continue;
    const list = byFile.get(e.file) ?? [];
    list.push({ range: toRange(lines, e.start, e.end), newText: e.text });
    byFile.set(e.file, list);
  }
  for (const [file, list] of byFile) documentChanges.push({ textDocument: { uri: pathToUri(file), version: null }, edits: list });
  return { documentChanges };
}

export function actionsForFinding(finding: Finding, diagnostic: Diagnostic, lines: LineIndex, linesOf: LinesOf): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const fix of finding.fixes) actions.push(fixAction(finding, fix, diagnostic, linesOf));
  for (const cmd of finding.commands) {
    actions.push({ title: `Flask Guard (${finding.code}): ${cmd.title}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: cmd.title, command: cmd.command, arguments: [...cmd.arguments, pathToUri(finding.file)] } });
  }
  const line = lines.position(finding.start).line;
  const lineText = lines.lineText(line);
  const updated = withSuppression(lineText, finding.code);
  const lineStart = lines.starts[line]!;
  actions.push({
    title: `Flask Guard (${finding.code}): Ignore ${finding.code} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: toWorkspaceEdit([{ kind: 'replace', file: finding.file, start: lineStart, end: lineStart + lineText.length, text: updated }], linesOf),
  });
  actions.push({
    title: `Flask Guard (${finding.code}): Show ${finding.code} documentation`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show ${finding.code} documentation`, command: CommandIds.showDocumentation, arguments: [finding.code] },
  });
  return actions;
}

function fixAction(finding: Finding, fix: Fix, diagnostic: Diagnostic, linesOf: LinesOf): CodeAction {
  return {
    title: `Flask Guard (${finding.code}): ${fix.title}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.applicability === 'safe',
    edit: toWorkspaceEdit(fix.edits, linesOf),
  };
}

/** Every safe fix of a file that can be applied together. */
export function fixAllAction(findings: readonly Finding[], linesOf: LinesOf): CodeAction | undefined {
  const safe = findings.flatMap((f) => f.fixes.filter((x) => x.applicability === 'safe'));
  const { chosen } = selectFixes(safe);
  if (!chosen.length) return undefined;
  return { title: 'Flask Guard: Fix all safe problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(chosen.flatMap((c) => c.edits), linesOf) };
}
