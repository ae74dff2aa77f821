import type { Rule } from '../types';
import unauthenticatedSensitiveRoute from './unauthenticated-sensitive-route';
import inconsistentRouteProtection from './inconsistent-route-protection';
import partialBeforeRequestGuard from './partial-before-request-guard';
import authorizationWithoutAuthentication from './authorization-without-authentication';
import debugModeEnabled from './debug-mode-enabled';
import loginDisabled from './login-disabled';
import authDecoratorOrder from './auth-decorator-order';

export const MISSING_AUTHENTICATION_RULES: Rule[] = [
  unauthenticatedSensitiveRoute,
  inconsistentRouteProtection,
  partialBeforeRequestGuard,
  authorizationWithoutAuthentication,
  debugModeEnabled,
  loginDisabled,
  authDecoratorOrder,
];
