import type { Rule } from '../types';
import sensitiveDataInSession from './sensitive-data-in-session';
import massAssignment from './mass-assignment';
import insecureSessionCookie from './insecure-session-cookie';
import longSessionLifetime from './long-session-lifetime';
import openRedirect from './open-redirect';

export const SESSION_AND_DESIGN_RULES: Rule[] = [
  sensitiveDataInSession,
  massAssignment,
  insecureSessionCookie,
  longSessionLifetime,
  openRedirect,
];
