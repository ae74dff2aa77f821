/**
 * What a rule is and what it produces. Everything here is offset-based and
 * editor-free: the LSP layer and the CLI translate findings and edits.
 */
import type { FlaskModel } from '../analysis/flask-model';
import type { SyntaxNode, Unit } from '../analysis/syntax';
import type { IndexedFile, Workspace } from '../analysis/workspace';
import type { EngineSettings } from '../engine/settings';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Ruff's classes: safe fixes keep behaviour for legitimate callers and go into "fix all". */
export type Applicability = 'safe' | 'unsafe';

export type FileEdit =
  | { kind: 'replace'; file: string; start: number; end: number; text: string }
  | { kind: 'create'; file: string; text: string };

export interface Fix {
  title: string;
  applicability: Applicability;
  edits: FileEdit[];
}

/** A command the editor runs instead of an edit ("Mark route as public"). */
export interface FixCommand {
  title: string;
  command: string;
  arguments: unknown[];
}

export interface Finding {
  code: string;
  message: string;
  file: string;
  start: number;
  end: number;
  severity: Severity;
  /** Computed when read, from the current text: a cached finding's fixes never carry stale offsets. */
  readonly fixes: Fix[];
  commands: FixCommand[];
  /** Other places that explain the finding (the hook that exempts a route...). */
  related: { file: string; start: number; end: number; message: string }[];
}

export interface RuleDocs {
  whatItDoes: string;
  whyIsThisBad: string;
  /** Python that the rule flags (the docs test checks that it does). */
  example: string;
  /** The fixed code (the docs test checks that it is clean). */
  useInstead: string;
  fixSafety: string;
  references?: string[];
  /** Extra files for the example and the fix, when the example needs a module beside it. */
  files?: Record<string, string>;
}

export interface RuleMeta {
  code: string;
  /** kebab-case, naming the flaw ("allow <name>" reads right). */
  name: string;
  family: 'missing-authentication' | 'weak-credentials' | 'session-and-design';
  severity: Severity;
  cwe: number[];
  /** One sentence for rule lists and SARIF `shortDescription`. */
  summary: string;
  fix: { availability: 'always' | 'sometimes' | 'none'; applicability?: Applicability; title?: string };
  docs: RuleDocs;
}

export interface ReportOptions {
  severity?: Severity;
  /**
   * Fixes, built when the user asks for them. A function is required for
   * anything but constant edits: findings are cached while their statement
   * moves, and the function sees the current offsets.
   */
  fixes?: Fix[] | (() => Fix[]);
  commands?: FixCommand[];
  related?: Finding['related'];
  /** Report on `[start, end)` of this node's file instead of the node's own range. */
  end?: SyntaxNode;
}

export interface RuleContext {
  workspace: Workspace;
  settings: EngineSettings;
  /** The Flask model, built once per pass. */
  readonly model: FlaskModel;
  report(file: IndexedFile, node: SyntaxNode, message: string, options?: ReportOptions): void;
}

/**
 * Unit checks see the workspace but not the Flask model: their results are
 * cached per unit, and the model changes with edits elsewhere. Put checks
 * that need routes or hooks in `checkProject`.
 */
export interface UnitContext extends Omit<RuleContext, 'model'> {
  file: IndexedFile;
}

export interface Rule {
  meta: RuleMeta;
  /**
   * Checks one top-level statement. Results are cached on the unit and
   * re-used until the unit changes or the workspace's interface (names,
   * imports, helper summaries) changes. Read only what the unit and those
   * summaries say.
   */
  checkUnit?(unit: Unit, ctx: UnitContext): void;
  /** Checks the whole model on every pass: walk facts and routes, not syntax trees. */
  checkProject?(ctx: RuleContext): void;
  /**
   * What other units' checks may learn from this unit (a helper that returns
   * a request credential...). When it changes, cached unit results go stale.
   */
  summarize?(unit: Unit, file: IndexedFile): string;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

export function cweUrl(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}
