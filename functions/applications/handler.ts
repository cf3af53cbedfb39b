import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { createApp } from './app';

const deps = createCommonDependencies(readRuntimeConfig());
export const handler = handle(createApp({ ...deps, cognito: deps.config.cognito }));
