import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import { returnToSchema } from '../../functions/applications/front-door/cognito-sign-in';
import type { VerifyToken } from '../../shared/auth/token-verifier';
import type { Notification } from '../../shared/domain/notifications';
import { roleNames, type UserProfile, userIdSchema } from '../../shared/domain/users';
import type { AppEnv } from '../../shared/http/app-env';
import { authenticate } from '../../shared/http/auth';
import { writeCookie } from '../../shared/http/cookies';
import { createBaseApp } from '../../shared/http/create-base-app';
import { csrfProtection } from '../../shared/http/csrf';
import { type FieldError, problems } from '../../shared/http/problem';
import type { Logger } from '../../shared/log/logger';
import type { CouncilRepository } from '../../shared/table/councils';
import type { OutboxRepository } from '../../shared/table/outbox';
import type { UserRepository } from '../../shared/table/users';
import { fieldError, Layout } from '../../shared/web/layout';
import { pageChrome } from '../../shared/web/page-chrome';
import type { LocalTokenIssuer } from './local-auth';

/**
 * Local stack only, never bundled into a Lambda: a sign-in page listing the demo users, and for
 * scripts GET /dev/users and POST /dev/tokens. In AWS, Cognito's managed login does this job.
 */
export interface DevRoutesDependencies {
  logger: Logger;
  verifyToken: VerifyToken;
  councils: CouncilRepository;
  users: UserRepository;
  outbox: OutboxRepository;
  issuer: LocalTokenIssuer;
}

const tokenRequestSchema = z.strictObject({
  user: userIdSchema.meta({ example: 'dorset-commissioner' }),
});

const signInFormSchema = z.object({
  user: z.string({ error: 'Select who to sign in as' }).pipe(userIdSchema),
  returnTo: returnToSchema,
});

export function createDevApp(deps: DevRoutesDependencies) {
  const app = createBaseApp(deps.logger.child({ function: 'local-dev' }));
  app.use(authenticate(deps.verifyToken), csrfProtection());

  async function allUsers(): Promise<UserProfile[]> {
    const councils = await deps.councils.list();
    return (await Promise.all(councils.map((council) => deps.users.listByCouncil(council.id)))).flat();
  }

  async function findUser(id: string): Promise<UserProfile | undefined> {
    const councils = await deps.councils.list();
    const found = await Promise.all(councils.map((council) => deps.users.get(council.id, id)));
    return found.find(Boolean);
  }

  app.get('/dev/users', async (c) =>
    c.json({
      users: (await allUsers()).map(({ id, name, role, councilId }) => ({ id, name, role, councilId })),
    }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/dev/tokens',
      request: { body: { required: true, content: { 'application/json': { schema: tokenRequestSchema } } } },
      responses: { 200: { description: 'A bearer token for the demo user' } },
    }),
    async (c) => {
      const { user: id } = c.req.valid('json');
      const user = await findUser(id);
      if (!user) {
        throw problems.ruleBroken('There is no demo user with this id.', [
          { field: 'user', message: 'No demo user has this id: GET /dev/users lists them' },
        ]);
      }
      return c.json({ token: await deps.issuer.issueToken(user) }, 200);
    },
  );

  const renderSignIn = async (c: Context<AppEnv>, returnTo: string, errors?: FieldError[]) => {
    const [chrome, users, councils] = await Promise.all([
      pageChrome(c, deps.councils, 'Sign in'),
      allUsers(),
      deps.councils.list(),
    ]);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <SignInPage chrome={{ ...chrome, errors }} users={users} councils={councils} returnTo={returnTo} />,
      errors ? 400 : 200,
    );
  };

  // What would have been emailed: in AWS the stream-fed sender sends these with SES.
  app.get('/dev/outbox', async (c) => {
    const councils = await deps.councils.list();
    const messages = (await Promise.all(councils.map((council) => deps.outbox.listByCouncil(council.id))))
      .flat()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return c.html(<OutboxPage chrome={await pageChrome(c, deps.councils, 'Outbox')} messages={messages} />);
  });

  app.get('/sign-in', (c) => renderSignIn(c, returnToSchema.parse(c.req.query('returnTo') ?? '/')));

  app.post('/sign-in', async (c) => {
    const form = signInFormSchema.safeParse(await c.req.parseBody());
    const returnTo = form.success ? form.data.returnTo : '/';
    const user = form.success ? await findUser(form.data.user) : undefined;
    if (!user) return renderSignIn(c, returnTo, [{ field: 'user', message: 'Select who to sign in as' }]);
    writeCookie(c, 'session', await deps.issuer.issueToken(user), deps.issuer.lifetimeSeconds);
    return c.redirect(returnTo, 303);
  });

  return app;
}

const OutboxPage: FC<{ chrome: Parameters<typeof Layout>[0]; messages: Notification[] }> = ({
  chrome,
  messages,
}) => (
  <Layout {...chrome}>
    <h1 class="govuk-heading-l">Outbox</h1>
    <p class="govuk-body">
      Messages the service would have emailed, newest first. This page exists only in the local version of the
      service.
    </p>
    {messages.length ? (
      messages.map((message) => (
        <div class="govuk-summary-card">
          <div class="govuk-summary-card__title-wrapper">
            <h2 class="govuk-summary-card__title">{message.subject}</h2>
          </div>
          <div class="govuk-summary-card__content">
            <dl class="govuk-summary-list">
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">To</dt>
                <dd class="govuk-summary-list__value">
                  {message.to.name} ({message.to.email})
                </dd>
              </div>
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Sent</dt>
                <dd class="govuk-summary-list__value">
                  {new Date(message.createdAt).toLocaleString('en-GB', {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                    timeZone: 'Europe/London',
                  })}
                </dd>
              </div>
              <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">Message</dt>
                <dd class="govuk-summary-list__value">
                  {message.body.split('\n\n').map((paragraph) => (
                    <p class="govuk-body">{paragraph}</p>
                  ))}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      ))
    ) : (
      <p class="govuk-body">No messages yet.</p>
    )}
  </Layout>
);

const fundingRouteNames = {
  'direct-payment': 'pays by direct payment',
  'individual-service-fund': 'pays through an individual service fund',
  'self-funded': 'pays with their own money',
} as const;

function describeDemoUser(user: UserProfile): string {
  if (user.fundingRoute) return `${roleNames[user.role]}, ${fundingRouteNames[user.fundingRoute]}`;
  if (user.represents) return `${roleNames[user.role]} (${user.represents.type.replace('-', ' ')})`;
  return roleNames[user.role];
}

const SignInPage: FC<{
  chrome: Parameters<typeof Layout>[0];
  users: UserProfile[];
  councils: { id: string; name: string }[];
  returnTo: string;
}> = ({ chrome, users, councils, returnTo }) => {
  const error = fieldError(chrome.errors, 'user');
  return (
    <Layout {...chrome}>
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <form method="post" action="/sign-in" novalidate>
            <input type="hidden" name="csrfToken" value={chrome.csrfToken ?? ''} />
            <input type="hidden" name="returnTo" value={returnTo} />
            <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
              <fieldset class="govuk-fieldset" aria-describedby={`user-hint${error ? ' user-error' : ''}`}>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
                  <h1 class="govuk-fieldset__heading">Sign in as a demo user</h1>
                </legend>
                <div id="user-hint" class="govuk-hint">
                  This is the local version of the service. In a council's live service, people sign in with
                  their own account.
                </div>
                {error ? (
                  <p id="user-error" class="govuk-error-message">
                    <span class="govuk-visually-hidden">Error:</span> {error}
                  </p>
                ) : null}
                {councils.map((council) => (
                  <>
                    <h2 class="govuk-heading-m govuk-!-margin-top-6">{council.name}</h2>
                    <div class="govuk-radios" data-module="govuk-radios">
                      {users
                        .filter((user) => user.councilId === council.id)
                        .map((user, index) => {
                          // The error summary links to #user, so the first radio carries that id.
                          const id =
                            council.id === councils[0]?.id && index === 0 ? 'user' : `user-${user.id}`;
                          return (
                            <div class="govuk-radios__item">
                              <input
                                class="govuk-radios__input"
                                id={id}
                                name="user"
                                type="radio"
                                value={user.id}
                                aria-describedby={`${id}-hint`}
                              />
                              <label class="govuk-label govuk-radios__label" for={id}>
                                {user.name}
                              </label>
                              <div id={`${id}-hint`} class="govuk-hint govuk-radios__hint">
                                {describeDemoUser(user)}
                              </div>
                            </div>
                          );
                        })}
                    </div>
                  </>
                ))}
              </fieldset>
            </div>
            <button type="submit" class="govuk-button" data-module="govuk-button">
              Sign in
            </button>
          </form>
        </div>
      </div>
    </Layout>
  );
};
