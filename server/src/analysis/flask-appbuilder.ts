/**
 * Flask-AppBuilder (Superset, Airflow): `appbuilder.add_view(ChartView, ...)`, `add_view_no_menu` and
 * `add_api` give each view class a blueprint of its own, whose routes are the methods decorated with
 * `@expose(rule, methods=[...])`, under the class's `route_base`. Its `has_access`, `has_access_api` and
 * `protect()` turn away callers the security manager does not let in.
 */
import { joinRule } from './routes';
import type { Binding } from './workspace';

export const APPBUILDER_REGISTRATIONS = new Set(['add_view', 'add_view_no_menu', 'add_api']);

/** A view or API base of Flask-AppBuilder (`BaseView`, `ModelView`, `BaseApi`, `ModelRestApi`, `SimpleFormView`...). */
export function isAppBuilderViewBase(binding: Binding | undefined): boolean {
  return binding?.kind === 'external' && /^flask_appbuilder\b.*\.\w*(View|Api)$/.test(binding.qualified);
}

/** Flask-AppBuilder's `expose` (re-exported by `flask_appbuilder` and `flask_appbuilder.api`). */
export function isExpose(binding: Binding | undefined): boolean {
  return binding?.kind === 'external' && /^flask_appbuilder\b.*\.expose$/.test(binding.qualified);
}

/** The base rule a class gets without `route_base`: `/api/v1/<resource_name>` for an API, `/<class name>` for a view. */
export function defaultAppBuilderBase(className: string, isApi: boolean, resourceName: string | undefined, version: string | undefined): string {
  return isApi ? joinRule('/api', version ?? 'v1', resourceName ?? className.toLowerCase()) : '/' + className.toLowerCase();
}
