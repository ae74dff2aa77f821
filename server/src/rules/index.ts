/** The one table of rules, by code (RULES.md ids are a contract: never renumber). */
import { byCodeUnits } from '../analysis/order';
import { MISSING_AUTHENTICATION_RULES } from './missing-authentication';
import { WEAK_CREDENTIAL_RULES } from './weak-credentials';
import { SESSION_AND_DESIGN_RULES } from './session-and-design';
import type { Rule } from './types';

export const ALL_RULES: readonly Rule[] = [...MISSING_AUTHENTICATION_RULES, ...WEAK_CREDENTIAL_RULES, ...SESSION_AND_DESIGN_RULES].sort((a, b) => byCodeUnits(a.meta.code, b.meta.code));

export function ruleByCode(code: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.code === code.toUpperCase() || r.meta.name === code);
}
