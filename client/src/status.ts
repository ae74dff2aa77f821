import * as vscode from 'vscode';
import type { StatusNotification } from './protocol';

/** What the one status bar item can show; `server` states come from `flaskGuard/status`. */
export type StatusState =
  | { kind: 'starting' }
  | { kind: 'stopped'; reason: string }
  | { kind: 'server'; params: StatusNotification.Params };

const tooltipCommands = ['flaskGuard.showLog', 'flaskGuard.reanalyze', 'flaskGuard.restartServer'];

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('flaskGuard.status', vscode.StatusBarAlignment.Left);
    this.item.name = 'Flask Guard';
    this.item.command = 'flaskGuard.showLog';
    this.set({ kind: 'starting' });
    this.item.show();
  }

  set(state: StatusState): void {
    const view = render(state);
    this.item.text = view.text;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(view.background) : undefined;
    const tooltip = new vscode.MarkdownString(
      `**Flask Guard**: ${view.detail}\n\n` +
        '[Show Log](command:flaskGuard.showLog) · [Re-analyze](command:flaskGuard.reanalyze) · ' +
        '[Restart Server](command:flaskGuard.restartServer)',
      true,
    );
    tooltip.isTrusted = { enabledCommands: tooltipCommands };
    this.item.tooltip = tooltip;
  }

  dispose(): void {
    this.item.dispose();
  }
}

interface View { text: string; detail: string; background?: string }

function render(state: StatusState): View {
  switch (state.kind) {
    case 'starting':
      return { text: '$(loading~spin) Flask Guard', detail: 'starting the language server…' };
    case 'stopped':
      return { text: '$(error) Flask Guard', detail: state.reason, background: 'statusBarItem.errorBackground' };
    case 'server':
      return renderServer(state.params);
  }
}

function renderServer(p: StatusNotification.Params): View {
  const files = plural(p.files, 'file');
  const more = p.message ? ` (${p.message})` : '';
  switch (p.state) {
    case 'analysing':
      return { text: '$(loading~spin) Flask Guard', detail: `analysing ${files}…${more}` };
    case 'error':
      return { text: '$(error) Flask Guard', detail: p.message ?? 'analysis failed; see the log', background: 'statusBarItem.errorBackground' };
    case 'idle': {
      const findings = plural(p.findings, 'finding');
      return { text: `$(shield) ${findings}`, detail: `${findings} in ${files}${more}` };
    }
  }
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
