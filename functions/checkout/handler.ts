import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { createApp } from './app';
import { paymentsFor } from './services/payments-from-config';

const config = readRuntimeConfig();
export const handler = handle(
  createApp({ ...createCommonDependencies(config), ...paymentsFor(config.stripe) }),
);
