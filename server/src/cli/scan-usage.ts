/** `flask-guard scan`'s usage, apart from the command: `--help` must not load the scanner. */
import { loginAttempts } from '../scanner/checks/fg513-no-login-rate-limit';
import { defaultLimits } from '../scanner/types';

export const scanUsage = `usage: flask-guard scan URL [options]
  --openapi FILE|URL          OpenAPI 2/3 document (JSON or YAML) describing the app
  --source DIR                the app's source: findings point at the route's line
  --format text|json|sarif|html   report format (default text)
  --output FILE               write the report to FILE instead of stdout
  --log FILE                  write every request sent (credentials redacted) to FILE
  --fail-on error|warning|info|never   exit 1 on findings at or above this (default error)
  --header "Name: value"      a credential of a known account (repeatable)
  --login "METHOD /path"      log in once before probing; with --login-form "k=v&..." or --login-json '{...}'
  --wordlist FILE             more candidate secret keys for the offline crackers
  --max-requests N            request budget (default ${defaultLimits.maxRequests})
  --rate N                    requests per second (default ${defaultLimits.ratePerSecond})
  --concurrency N             requests in flight (default ${defaultLimits.concurrency})
  --timeout S                 seconds per request (default ${defaultLimits.timeoutMs / 1000})
  --unsafe-methods            also send POST/PUT/PATCH/DELETE (needs --yes)
  --include-destructive       also probe delete/remove/reset/... paths
  --probe-login-throttle      FG513: try ${loginAttempts} failed logins (needs --login)
  --yes                       confirm --unsafe-methods or a target that is not loopback
`;
