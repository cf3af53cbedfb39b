import type { SignedInUser } from '../domain/users';
import type { Logger } from '../log/logger';

/** What middleware puts on every request's context for handlers to read. */
export interface AppEnv {
  Variables: {
    correlationId: string;
    logger: Logger;
    /** Undefined when nobody is signed in. */
    user: SignedInUser | undefined;
    /** The token forms must echo back (double-submit CSRF protection). */
    csrfToken: string;
  };
}
