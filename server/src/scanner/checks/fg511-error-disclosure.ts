import type { Exchange } from '../types';
import { findingFrom, type ScanContext } from './context';
import { isDebuggerPage } from './fg504-debugger-exposed';

const disclosures: { label: string; pattern: RegExp }[] = [
  { label: 'a Python traceback', pattern: /Traceback \(most recent call last\)|File \\?"[^"\\]+\\?", line \d+, in / },
  { label: 'a Java stack trace', pattern: /\bat [\w$.]+\([\w$]+\.java:\d+\)/ },
  { label: 'a Node.js stack trace', pattern: /\bat [\w$.<>]+ \(\/[^)]+\.js:\d+:\d+\)/ },
  { label: 'a framework debug page', pattern: /You're seeing this error because you have <code>DEBUG = True<\/code>/ },
  { label: 'the app configuration', pattern: /<Config \{|['"]SECRET_KEY['"]\s*:/ },
];

/** FG511: an answer shows internals (stack traces, debug pages, configuration). The Werkzeug debugger is FG504's. */
export function inspectErrorDisclosure(ctx: ScanContext, exchange: Exchange): void {
  const { body } = exchange.response;
  if (!body || isDebuggerPage(body)) {
    return;
  }
  const found = disclosures.find((d) => d.pattern.test(body));
  if (found) {
    ctx.report(findingFrom(ctx, 'FG511', exchange,
      `${exchange.request.method} ${exchange.request.path} answers ${exchange.response.status} with ${found.label}: return a generic error and log the details`,
      { disclosure: found.label }));
  }
}
