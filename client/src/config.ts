/**
 * The settings section. The server pulls `flaskGuard.*` per workspace folder
 * (`workspace/configuration`) and re-reads every key, then re-indexes, on
 * `workspace/didChangeConfiguration`; so no key needs a server restart, and
 * there is no "Restart now" prompt. A key that shaped the server process
 * itself (a runtime path, extra arguments) would be the first to need one.
 */
export const section = 'flaskGuard';
