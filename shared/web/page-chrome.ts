import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env';
import type { CouncilRepository } from '../table/councils';
import type { PageChrome } from './layout';

/** What the layout needs about the request: who is signed in, their council's name, the form token. */
export async function pageChrome(
  c: Context<AppEnv>,
  councils: Pick<CouncilRepository, 'get'>,
  title: string,
): Promise<PageChrome> {
  const user = c.get('user');
  const council = user ? await councils.get(user.councilId) : undefined;
  return { title, user, councilName: council?.name, csrfToken: c.get('csrfToken') };
}
