import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { createApp } from './app';

export const handler = handle(createApp(createCommonDependencies(readRuntimeConfig())));
