import type { FC } from 'hono/jsx';
import type { SignedInUser } from '../domain/users';
import type { ProblemError } from '../http/problem';
import { Layout } from './layout';

const headings: Record<number, string> = {
  400: 'There is a problem with your request',
  403: 'You cannot see this page',
  404: 'Page not found',
  409: 'This has changed since you opened it',
  422: 'This cannot be done',
  500: 'Sorry, there is a problem with the service',
};

/** Error pages follow the GOV.UK patterns: say what happened and what to do, nothing internal. */
export const ErrorPage: FC<{
  problem: ProblemError;
  user?: SignedInUser | undefined;
  /** For the header's sign-out form. */
  csrfToken?: string | undefined;
  correlationId: string;
}> = ({ problem, user, csrfToken, correlationId }) => {
  const heading = headings[problem.status] ?? problem.title;
  return (
    <Layout title={heading} user={user} csrfToken={csrfToken}>
      <h1 class="govuk-heading-l">{heading}</h1>
      {problem.status === 404 ? (
        <>
          <p class="govuk-body">If you typed the web address, check it is correct.</p>
          <p class="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        </>
      ) : (
        <p class="govuk-body">{problem.detail}</p>
      )}
      {problem.status >= 500 ? (
        <p class="govuk-body">
          If you contact your council about this, quote reference <strong>{correlationId}</strong>.
        </p>
      ) : null}
      <p class="govuk-body">
        <a class="govuk-link" href="/">
          Go to the start page
        </a>
      </p>
    </Layout>
  );
};
