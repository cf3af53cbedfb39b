import { createFunctionApp, type FunctionAppDependencies } from '../../shared/http/create-function-app';

/** Finding and publishing day opportunities: activities, sessions, search, open data feeds. */
export function createApp(deps: FunctionAppDependencies) {
  return createFunctionApp('catalogue', deps);
}
