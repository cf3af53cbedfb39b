import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createPostcodesIoLookup } from '../../shared/postcodes/postcodes-io-lookup';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { createApp } from './app';

const deps = createCommonDependencies(readRuntimeConfig());
// Without a postcode API (the local stack) the app falls back to the offline table.
const postcodes = deps.config.postcodesApiUrl
  ? createPostcodesIoLookup({ baseUrl: deps.config.postcodesApiUrl })
  : undefined;
export const handler = handle(createApp({ ...deps, ...(postcodes ? { postcodes } : {}) }));
