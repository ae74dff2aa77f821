import type { RouteMapEntry } from '../analysis/route-map';

/** `<converter(args):name>` or `<name>` in a Flask URL rule. */
const converterPattern = /<(?:([A-Za-z_]\w*)(?:\(([^)]*)\))?:)?([A-Za-z_]\w*)>/g;

export const sampleUuid = '6f1c2a3e-4b5d-4c6e-8f70-81928a3b4c5d';

/** A value a real route would plausibly accept, so the probe reaches the view rather than a 404. */
function sampleValue(converter: string, args: string, name: string): string {
  switch (converter) {
    case 'int':
      return '1';
    case 'float':
      return '1.0';
    case 'uuid':
      return sampleUuid;
    case 'path':
      return 'a';
    case 'any':
      return args.split(',')[0]?.trim().replace(/^['"]|['"]$/g, '') || 'a';
    default:
      return sampleString(name);
  }
}

/** Plain string parameters named like ids still get a number: most apps parse them. */
export function sampleString(name: string): string {
  if (/(^|_)(id|pk|num|number|page)$/i.test(name) || /Id$/.test(name)) {
    return '1';
  }
  if (/uuid|guid/i.test(name)) {
    return sampleUuid;
  }
  if (/user|name|login|slug/i.test(name)) {
    return 'alice';
  }
  return '1';
}

/** The Flask rule with every converter filled: `/users/<int:id>` → `/users/1`. */
export function fillRule(rule: string): string {
  return rule.replace(converterPattern, (_m, converter: string | undefined, args: string | undefined, name: string) =>
    sampleValue(converter ?? 'default', args ?? '', name));
}

function converterRegex(converter: string): string {
  switch (converter) {
    case 'int':
      return '\\d+';
    case 'float':
      return '\\d+(?:\\.\\d+)?';
    case 'path':
      return '.+';
    default:
      return '[^/]+';
  }
}

/** A regex for the concrete paths Flask would dispatch to this rule. */
export function ruleRegex(rule: string): RegExp {
  let pattern = '';
  let last = 0;
  for (const match of rule.matchAll(converterPattern)) {
    pattern += escapeRegex(rule.slice(last, match.index)) + converterRegex(match[1] ?? 'default');
    last = match.index + match[0].length;
  }
  pattern += escapeRegex(rule.slice(last));
  return new RegExp(`^${pattern}/?$`);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The route a requested path belongs to, preferring one that accepts the method. */
export function matchRoute(routes: readonly RouteMapEntry[], method: string, path: string): RouteMapEntry | undefined {
  const matching = routes.filter((route) => ruleRegex(route.rule).test(path));
  return matching.find((route) => route.methods.includes(method) || (method === 'HEAD' && route.methods.includes('GET'))) ?? matching[0];
}
