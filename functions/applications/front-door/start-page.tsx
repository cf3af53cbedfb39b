import type { FC } from 'hono/jsx';
import { roleNames } from '../../../shared/domain/users';
import { Layout, type PageChrome } from '../../../shared/web/layout';

/** What the service is, said once for each of the three groups who use it. */
export const StartPage: FC<{ chrome: PageChrome }> = ({ chrome }) => (
  <Layout {...chrome}>
    <div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <h1 class="govuk-heading-xl">Day opportunities in your area</h1>
        <p class="govuk-body-l">
          Your council keeps an open framework: a list of approved organisations that run day opportunities
          for adults who draw on care and support. Any organisation can apply to join at any time.
        </p>
        {chrome.user ? (
          <div class="govuk-inset-text">
            You are signed in as {chrome.user.name}, {roleNames[chrome.user.role].toLowerCase()}
            {chrome.councilName ? ` for ${chrome.councilName}` : ''}.
          </div>
        ) : null}

        <h2 class="govuk-heading-m">If you run day opportunities</h2>
        <p class="govuk-body">
          Charities, community interest companies, companies, sole traders and community groups can apply
          online to join the framework. Micro-providers with 8 or fewer workers have a lighter set of
          requirements. Once approved, you publish your sessions, hubs and community activities so people can
          find and book them.
        </p>

        <h2 class="govuk-heading-m">If you work for the council</h2>
        <p class="govuk-body">
          Commissioners review applications, ask providers for clarification, approve or reject them, and keep
          an eye on coverage across the area, providers' insurance and checks, and how direct payments are
          spent.
        </p>
        {chrome.user?.role === 'commissioner' || chrome.user?.role === 'admin' ? (
          <ul class="govuk-list">
            <li>
              <a class="govuk-link" href="/applications/review">
                Applications to review
              </a>
            </li>
            <li>
              <a class="govuk-link" href="/catalogue/coverage">
                Coverage across the area
              </a>
            </li>
          </ul>
        ) : null}

        <h2 class="govuk-heading-m">If you are looking for something to do, or help someone who is</h2>
        <p class="govuk-body">
          Find activities near you, from building-based hubs and carers' respite to gardening, walking,
          swimming, volunteering and getting ready for work, including evenings and weekends. Pay with your
          direct payment card, through your individual service fund, or with your own money. Carers and
          representatives can book for the person they support.
        </p>
        <p class="govuk-body">
          <a class="govuk-link" href="/catalogue">
            Find day activities near you
          </a>{' '}
          (no need to sign in).
        </p>

        {chrome.user ? null : (
          <a
            href="/sign-in"
            draggable="false"
            class="govuk-button govuk-button--start"
            data-module="govuk-button"
          >
            Sign in
            <svg
              class="govuk-button__start-icon"
              xmlns="http://www.w3.org/2000/svg"
              width="17.5"
              height="19"
              viewBox="0 0 33 40"
              aria-hidden="true"
              focusable="false"
            >
              <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
            </svg>
          </a>
        )}
      </div>
    </div>
  </Layout>
);
