/**
 * The calls that hash a password for storage. Two families read them: a view that hashes the submitted password and
 * checks none creates an account (FG309), and a password that gets hashed is being chosen, not checked (FG202, FG203).
 */
import { calledName, callParts } from './python';
import type { SyntaxNode } from './syntax';

/**
 * The known hashers by their last name: werkzeug's and Flask-Bcrypt's `generate_password_hash`, `bcrypt.hashpw`,
 * passlib's `hash` and `encrypt`, Django's `make_password`. Not FG2's `isDigestCall`: that asks whether a value is a
 * secret-bearing digest or signature, and counts calls named for a secret (`decrypt_password`), while a bcrypt hash
 * is none of its business.
 */
export const PASSWORD_HASHER = /^(generate_password_hash|hashpw|hash|encrypt|hash_password|make_password)$/;

/**
 * A call by this last name stores a chosen password: a known hasher, or `user.set_password(pw)`, which hashes inside.
 * By known names only: a bare digest (`sha256(pw)`) is as often the check, and a login that meets a literal before
 * hashing the password to check it must stay reported.
 */
export function storesPassword(name: string | undefined): boolean {
  return !!name && (PASSWORD_HASHER.test(name) || name === 'set_password');
}

/** The code calls something that stores a password, by its own name or by one of `aliases` (`gen_pw_hash`). */
export function hashesPassword(node: SyntaxNode | undefined, aliases: readonly string[] = []): boolean {
  return !!node?.find('call').some((call) => {
    const name = calledName(callParts(call));
    return storesPassword(name) || (!!name && aliases.includes(name));
  });
}
