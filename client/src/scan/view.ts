import * as vscode from 'vscode';
import { scanRules, type Finding, type ScanResult, type Severity } from '../../../server/src/scanner';
import { plural } from '../status';

const scanViewId = 'flaskGuard.scanResults';
/** Context key for menus and the palette: there is a result to export or clear. */
const hasResultsKey = 'flaskGuard.scan.hasResults';
/** Long enough to recognise the answer on one tree row; the tooltip shows the whole snippet. */
const rowSnippetLength = 120;

/** A row of the view. `finding` and `curl` rows carry "Copy curl Command". */
type ScanNode =
  | { kind: 'endpoint'; method: string; path: string; findings: Finding[] }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'curl' | 'status' | 'snippet'; finding: Finding }
  | { kind: 'note'; message: string };

/** The "Flask Guard Scan" view: the last scan's findings grouped by endpoint, then its notes. */
export class ScanView implements vscode.TreeDataProvider<ScanNode>, vscode.Disposable {
  private result: ScanResult | undefined;
  private readonly changed = new vscode.EventEmitter<ScanNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ScanNode>;

  constructor() {
    this.view = vscode.window.createTreeView(scanViewId, { treeDataProvider: this, showCollapseAll: true });
  }

  get lastResult(): ScanResult | undefined {
    return this.result;
  }

  show(result: ScanResult): void {
    this.result = result;
    const findings = plural(result.findings.length, 'finding');
    this.view.message = `${result.target}: ${findings}, ${plural(result.requests, 'request')}`;
    this.view.badge = result.findings.length > 0 ? { value: result.findings.length, tooltip: `${findings} from the last scan` } : undefined;
    void vscode.commands.executeCommand('setContext', hasResultsKey, true);
    this.changed.fire(undefined);
  }

  clear(): void {
    this.result = undefined;
    this.view.message = undefined;
    this.view.badge = undefined;
    void vscode.commands.executeCommand('setContext', hasResultsKey, false);
    this.changed.fire(undefined);
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${scanViewId}.focus`);
  }

  getChildren(node?: ScanNode): ScanNode[] {
    if (!node) return this.result ? roots(this.result) : [];
    switch (node.kind) {
      case 'endpoint':
        return node.findings.map((finding) => ({ kind: 'finding', finding }));
      case 'finding': {
        const rows: ScanNode[] = [{ kind: 'curl', finding: node.finding }, { kind: 'status', finding: node.finding }];
        return snippetOf(node.finding) ? [...rows, { kind: 'snippet', finding: node.finding }] : rows;
      }
      default:
        return [];
    }
  }

  getTreeItem(node: ScanNode): vscode.TreeItem {
    switch (node.kind) {
      case 'endpoint':
        return endpointItem(node.method, node.path, node.findings);
      case 'finding':
        return findingItem(node.finding);
      case 'curl':
        return detailItem('curl', node.finding.curl, 'terminal', node.finding, codeBlock('sh', node.finding.curl));
      case 'status':
        return detailItem('status', `Status ${statusOf(node.finding) ?? 'unknown'}`, 'arrow-left', node.finding);
      case 'snippet': {
        const snippet = snippetOf(node.finding) ?? '';
        const row = snippet.replace(/\s+/g, ' ').trim();
        const label = row.length > rowSnippetLength ? `${row.slice(0, rowSnippetLength)}…` : row;
        return detailItem('snippet', label, 'output', node.finding, codeBlock('', snippet));
      }
      case 'note': {
        const item = new vscode.TreeItem(node.message);
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.message;
        return item;
      }
    }
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}

function roots(result: ScanResult): ScanNode[] {
  const groups = new Map<string, Extract<ScanNode, { kind: 'endpoint' }>>();
  for (const finding of result.findings) {
    const key = `${finding.method} ${finding.path}`;
    const group = groups.get(key) ?? { kind: 'endpoint', method: finding.method, path: finding.path, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  const notes = result.messages.map((message): ScanNode => ({ kind: 'note', message }));
  return [...groups.values(), ...notes];
}

const severityIcons: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};
const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

function endpointItem(method: string, path: string, findings: Finding[]): vscode.TreeItem {
  const item = new vscode.TreeItem(`${method} ${path}`, vscode.TreeItemCollapsibleState.Expanded);
  const source = findings.find((f) => f.source)?.source;
  const where = source ? ` · ${vscode.workspace.asRelativePath(source.file)}:${source.line}` : '';
  item.description = `${findings.map((f) => f.rule).join(', ')}${where}`;
  const worst = findings.reduce((a, b) => (severityRank[b.severity] > severityRank[a.severity] ? b : a));
  item.iconPath = severityIcons[worst.severity];
  item.tooltip = source ? `${method} ${path}: the route is at ${where.slice(3)}` : `${method} ${path}: no route of the workspace matches this path`;
  item.command = openSource(findings.find((f) => f.source));
  item.contextValue = 'endpoint';
  return item;
}

function findingItem(finding: Finding): vscode.TreeItem {
  const item = new vscode.TreeItem(finding.rule, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = finding.message;
  item.iconPath = severityIcons[finding.severity];
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${finding.rule}** ${scanRules[finding.rule].name} (${finding.severity})\n\n`);
  tooltip.appendText(`${finding.message}\n\nStatus ${statusOf(finding) ?? 'unknown'}`);
  tooltip.appendMarkdown('\n\n');
  tooltip.appendCodeblock(finding.curl, 'sh');
  item.tooltip = tooltip;
  item.command = openSource(finding);
  item.contextValue = 'finding';
  return item;
}

function detailItem(kind: string, label: string, icon: string, finding: Finding, tooltip?: vscode.MarkdownString): vscode.TreeItem {
  const item = new vscode.TreeItem(label);
  item.iconPath = new vscode.ThemeIcon(icon);
  item.tooltip = tooltip ?? label;
  item.command = openSource(finding);
  item.contextValue = kind;
  return item;
}

function codeBlock(language: string, text: string): vscode.MarkdownString {
  return new vscode.MarkdownString().appendCodeblock(text, language);
}

/** A click opens the route's line; findings with no route in the workspace open nothing. */
function openSource(finding: Finding | undefined): vscode.Command | undefined {
  if (!finding?.source) return undefined;
  const line = Math.max(0, finding.source.line - 1);
  return {
    title: 'Open Route',
    command: 'vscode.open',
    arguments: [vscode.Uri.file(finding.source.file), { selection: new vscode.Range(line, 0, line, 0) } satisfies vscode.TextDocumentShowOptions],
  };
}

function statusOf(finding: Finding): number | undefined {
  const status = finding.evidence.status;
  return typeof status === 'number' ? status : undefined;
}

function snippetOf(finding: Finding): string | undefined {
  const snippet = finding.evidence.snippet;
  return typeof snippet === 'string' && snippet.trim() ? snippet : undefined;
}

/** The curl command of a row the user acted on ("Copy curl Command"), or of a finding passed by a caller. */
export function curlOf(arg: unknown): string | undefined {
  if (arg === null || typeof arg !== 'object') return undefined;
  const node = arg as { finding?: { curl?: unknown }; curl?: unknown };
  const curl = node.finding?.curl ?? node.curl;
  return typeof curl === 'string' ? curl : undefined;
}
