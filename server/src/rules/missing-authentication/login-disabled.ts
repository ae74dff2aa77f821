import { derivesFromEnvironment, inTestSettings, testConfigCalls, underDevelopmentGate, unitConfigWrites } from '../../analysis/config';
import { isTrue } from '../../analysis/python';
import { defineRule } from '../types';

/** Flask-Login's switch, and Flask-Security's spelling of it. */
const KEYS = new Set(['LOGIN_DISABLED', 'SECURITY_LOGIN_DISABLED']);

export default defineRule({
  meta: {
    code: 'FG106',
    name: 'login-disabled',
    family: 'missing-authentication',
    severity: 'error',
    cwe: [306],
    summary: 'Authentication is switched off by configuration (`LOGIN_DISABLED = True`).',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Reports `LOGIN_DISABLED = True` (Flask-Login, also honoured by Flask-Security) set to a constant truth in any ' +
        'configuration form. Test configurations (classes and settings modules named for tests or with `TESTING = True`, files under tests/, writes ' +
        'under `if testing:` or an `if` on the environment) and values read from the environment are not reported.',
      whyIsThisBad: 'With LOGIN_DISABLED, every `@login_required` becomes a no-op: the whole app is open. A staging or demo config that sets it tends to be deployed.',
      example: ['class Config:', '    SECRET_KEY = None', '', 'class StagingConfig(Config):', '    LOGIN_DISABLED = True', ''].join('\n'),
      useInstead: ['import os', '', 'class Config:', '    SECRET_KEY = None', '', 'class StagingConfig(Config):', "    LOGIN_DISABLED = os.environ.get('DISABLE_AUTH') == '1'", ''].join('\n'),
      fixSafety: 'No automatic fix: removing the switch changes how the environment behaves; decide per configuration.',
      files: {},
    },
  },
  checkUnit(unit, ctx) {
    const writes = unitConfigWrites(unit, ctx.file, ctx.workspace);
    const testCalls = testConfigCalls(writes);
    for (const w of writes) {
      if (!KEYS.has(w.key) || !isTrue(w.value) || derivesFromEnvironment(w.value) || inTestSettings(w, ctx.file) || testCalls.has(w.node) || underDevelopmentGate(w.node)) continue;
      ctx.report(ctx.file, w.node, `\`${w.key} = True\` turns every login check off; keep it to test configurations`);
    }
  },
});
