import { createTokenVerifier, type VerifyToken } from '../auth/token-verifier';
import type { RuntimeConfig } from '../config/runtime-config';
import { createLogger, type Logger } from '../log/logger';
import { connectTable, type Table } from '../table/client';
import { type CouncilRepository, createCouncilRepository } from '../table/councils';
import { createUserRepository, type UserRepository } from '../table/users';

/** What every function needs, built once per cold start (composition root). */
export interface CommonDependencies {
  config: RuntimeConfig;
  logger: Logger;
  table: Table;
  verifyToken: VerifyToken;
  councils: CouncilRepository;
  users: UserRepository;
}

export function createCommonDependencies(
  config: RuntimeConfig,
  logger = createLogger(config.logLevel),
): CommonDependencies {
  const table = connectTable({
    name: config.tableName,
    ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}),
  });
  return {
    config,
    logger,
    table,
    verifyToken: createTokenVerifier(config.auth),
    councils: createCouncilRepository(table),
    users: createUserRepository(table),
  };
}
