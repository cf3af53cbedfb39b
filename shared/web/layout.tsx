import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { roleNames, type SignedInUser } from '../domain/users';
import type { FieldError } from '../http/problem';
import { assetUrls, serviceName } from './assets';

export interface PageChrome {
  /** The page's own title; the service name is added after it. */
  title: string;
  user?: SignedInUser | undefined;
  councilName?: string | undefined;
  /** Needed for the sign-out button when someone is signed in. */
  csrfToken?: string | undefined;
  /** Field errors to list in the error summary; the title gets "Error: " in front. */
  errors?: FieldError[] | undefined;
}

/** A council service, not GOV.UK: the generic header carries the service's name, not the crown. */
export const Layout: FC<PageChrome & { children?: Child }> = ({
  title,
  user,
  councilName,
  csrfToken,
  errors,
  children,
}) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en" class="govuk-template">
      <head>
        <meta charset="utf-8" />
        <title>{`${errors?.length ? 'Error: ' : ''}${title} – ${serviceName}`}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#1d70b8" />
        <link rel="icon" sizes="48x48" href={assetUrls.favicon} />
        <link rel="icon" sizes="any" href={assetUrls.faviconSvg} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrls.stylesheet} />
      </head>
      <body class="govuk-template__body">
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <header class="govuk-template__header">
          <div class="govuk-generic-header">
            <div class="govuk-generic-header__container govuk-width-container">
              <div class="govuk-generic-header__logo">
                <a href="/" class="govuk-generic-header__homepage-link">
                  {councilName ?? 'Council services'}
                </a>
              </div>
            </div>
          </div>
          <section
            aria-label="Service information"
            class="govuk-service-navigation"
            data-module="govuk-service-navigation"
          >
            <div class="govuk-width-container">
              <div class="govuk-service-navigation__container">
                <span class="govuk-service-navigation__service-name">
                  <a href="/" class="govuk-service-navigation__link">
                    {serviceName}
                  </a>
                </span>
                <nav aria-label="Account" class="govuk-service-navigation__wrapper">
                  <ul class="govuk-service-navigation__list">
                    {user ? (
                      <>
                        <li class="govuk-service-navigation__item">
                          <span class="govuk-service-navigation__text">
                            {user.name} ({roleNames[user.role]})
                          </span>
                        </li>
                        <li class="govuk-service-navigation__item">
                          <form method="post" action="/sign-out" novalidate>
                            <input type="hidden" name="csrfToken" value={csrfToken ?? ''} />
                            <button
                              type="submit"
                              class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1"
                            >
                              Sign out
                            </button>
                          </form>
                        </li>
                      </>
                    ) : (
                      <li class="govuk-service-navigation__item">
                        <a class="govuk-service-navigation__link" href="/sign-in">
                          Sign in
                        </a>
                      </li>
                    )}
                  </ul>
                </nav>
              </div>
            </div>
          </section>
        </header>
        <div class="govuk-width-container">
          <div class="govuk-phase-banner">
            <p class="govuk-phase-banner__content">
              <strong class="govuk-tag govuk-phase-banner__content__tag">Alpha</strong>
              <span class="govuk-phase-banner__text">
                This is a new service. Your council can help if something does not work.
              </span>
            </p>
          </div>
          <main class="govuk-main-wrapper" id="main-content">
            {errors?.length ? <ErrorSummary errors={errors} /> : null}
            {children}
          </main>
        </div>
        <footer class="govuk-footer">
          <div class="govuk-width-container">
            <div class="govuk-footer__meta">
              <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <h2 class="govuk-visually-hidden">Support links</h2>
                <ul class="govuk-footer__inline-list">
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/openapi.json">
                      API description (OpenAPI)
                    </a>
                  </li>
                  <li class="govuk-footer__inline-list-item">
                    <a class="govuk-footer__link" href="/health">
                      Service status
                    </a>
                  </li>
                </ul>
                <span class="govuk-footer__licence-description">
                  {serviceName}: day opportunities on a council's open framework.
                </span>
              </div>
            </div>
          </div>
        </footer>
        <script type="module" src={assetUrls.script} />
      </body>
    </html>
  </>
);

/** GOV.UK error summary; each error links to its field, whose id is the field name. */
export const ErrorSummary: FC<{ errors: FieldError[] }> = ({ errors }) => (
  <div class="govuk-error-summary" data-module="govuk-error-summary">
    <div role="alert">
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <ul class="govuk-list govuk-error-summary__list">
          {errors.map((error) => (
            <li>
              <a href={`#${error.field}`}>{error.message}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  </div>
);

export function fieldError(errors: FieldError[] | undefined, field: string): string | undefined {
  return errors?.find((error) => error.field === field)?.message;
}
