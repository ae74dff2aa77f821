import type { Rule } from '../types';
import sensitiveDataInSession from './sensitive-data-in-session';
import massAssignment from './mass-assignment';
import insecureSessionCookie from './insecure-session-cookie';
import longSessionLifetime from './long-session-lifetime';
import openRedirect from './open-redirect';
import missingObjectAuthorization from './missing-object-authorization';
import csrfProtectionMissing from './csrf-protection-missing';
import userEnumeration from './user-enumeration';
import unthrottledLogin from './unthrottled-login';

export const SESSION_AND_DESIGN_RULES: Rule[] = [
  sensitiveDataInSession,
  massAssignment,
  missingObjectAuthorization,
  csrfProtectionMissing,
  insecureSessionCookie,
  longSessionLifetime,
  openRedirect,
  userEnumeration,
  unthrottledLogin,
];
