import type { Exchange } from '../types';
import { findingFrom, type ScanContext } from './context';

/** Markers of Werkzeug's interactive debugger: its console page and its traceback pages. */
const debuggerMarkers = [/CONSOLE_MODE\s*=\s*true/, /EVALEX\s*=\s*true/, /Console \/\/ Werkzeug Debugger/, /__debugger__/, /The debugger caught an exception/];

export function isDebuggerPage(body: string): boolean {
  return /werkzeug/i.test(body) && debuggerMarkers.some((marker) => marker.test(body));
}

/** FG504: any answer that is the Werkzeug debugger (console or traceback page) lets callers run code. */
export function inspectDebugger(ctx: ScanContext, exchange: Exchange): void {
  if (exchange.request.method === 'HEAD' || !isDebuggerPage(exchange.response.body)) {
    return;
  }
  const isConsole = /CONSOLE_MODE\s*=\s*true/.test(exchange.response.body);
  ctx.report(findingFrom(ctx, 'FG504', exchange,
    isConsole
      ? `the Werkzeug interactive console is reachable at ${exchange.request.path}: debug mode lets anyone who gets past the PIN run Python on the server`
      : `${exchange.request.path} serves a Werkzeug debugger traceback page: debug mode is on`,
    { page: isConsole ? 'console' : 'traceback' }));
}
