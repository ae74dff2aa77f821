/** The version the CLI and SARIF report; kept in step with package.json by a test. */
export const VERSION = '0.1.0';
