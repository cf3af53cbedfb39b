import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ulid } from 'ulid';
import { errorFields, type Logger } from '../log/logger';
import { ErrorPage } from '../web/error-page';
import type { AppEnv } from './app-env';
import { fieldErrorsFrom, ProblemError, problems } from './problem';
import { securityHeaders } from './security-headers';

/** Paths that only ever answer JSON: the API, the open data feeds and webhooks, whatever the client accepts. */
const jsonOnlyPrefixes = ['/api/', '/openreferral', '/openactive/feeds/', '/webhooks/'];

/** JSON for the API and for clients that do not ask for HTML; pages for browsers. */
export function wantsPage(c: Context): boolean {
  return (
    !jsonOnlyPrefixes.some((prefix) => c.req.path.startsWith(prefix)) &&
    (c.req.header('accept') ?? '').includes('text/html')
  );
}

export function respondWithProblem(c: Context<AppEnv>, problem: ProblemError): Response | Promise<Response> {
  const correlationId = c.get('correlationId');
  c.header('Cache-Control', 'no-store');
  if (wantsPage(c)) {
    if (problem.status === 401) {
      // A page that needs a signed-in user sends people to sign in, then back to where they were.
      const url = new URL(c.req.url);
      return c.redirect(`/sign-in?${new URLSearchParams({ returnTo: url.pathname + url.search })}`, 303);
    }
    c.status(problem.status as 400);
    return c.html(
      <ErrorPage
        problem={problem}
        user={c.get('user')}
        csrfToken={c.get('csrfToken')}
        correlationId={correlationId}
      />,
    );
  }
  return c.body(JSON.stringify(problem.toBody(correlationId)), problem.status as 400, {
    'Content-Type': 'application/problem+json',
  });
}

/**
 * Every function's app starts here: correlation ids, a log line per request, security headers,
 * validation failures as problem+json, one 404 and one error handler. Routes are added by each
 * function's `createApp`.
 */
export function createBaseApp(logger: Logger, options: { formActions?: string[] } = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw problems.invalidInput(
          fieldErrorsFrom(result.error, result.target === 'json' ? 'body' : result.target),
        );
      }
    },
  });

  app.use(async (c, next) => {
    const correlationId = ulid();
    const requestLogger = logger.child({ correlationId });
    c.set('correlationId', correlationId);
    c.set('logger', requestLogger);
    c.set('user', undefined);
    const started = performance.now();
    await next();
    c.header('X-Correlation-Id', correlationId);
    requestLogger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round(performance.now() - started),
    });
  });
  app.use(securityHeaders(options.formActions));

  app.notFound((c) => respondWithProblem(c, problems.notFound()));

  app.onError((error, c) => {
    if (error instanceof ProblemError) return respondWithProblem(c, error);
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's own 4xx, e.g. a body that is not valid JSON.
      return respondWithProblem(c, problems.malformed(error.message || 'The request could not be read.'));
    }
    (c.get('logger') ?? logger).error('unexpected error', {
      correlationId: c.get('correlationId'),
      method: c.req.method,
      path: c.req.path,
      ...errorFields(error),
    });
    return respondWithProblem(c, problems.unexpected());
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito ID token (locally: one from POST /dev/tokens).',
  });

  return app;
}
