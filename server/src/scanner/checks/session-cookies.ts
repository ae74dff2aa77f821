import type { Cookie } from 'set-cookie-parser';
import { responseCookies } from '../response-headers';
import { decodeFlaskSession, type FlaskSessionCookie } from '../flask-session';
import type { ProbeResponse } from '../types';

/** The Flask session cookies a response sets (whatever their name: SESSION_COOKIE_NAME varies). */
export function flaskSessionCookies(response: ProbeResponse): { cookie: Cookie; session: FlaskSessionCookie }[] {
  return responseCookies(response).flatMap((cookie) => {
    const session = decodeFlaskSession(cookie.value);
    return session ? [{ cookie, session }] : [];
  });
}
