import { handle } from 'hono/aws-lambda';
import { readRuntimeConfig } from '../../shared/config/runtime-config';
import { createCommonDependencies } from '../../shared/runtime/dependencies';
import { createApp } from './app';
import { createEvidenceStore } from './storage/evidence-store';

const deps = createCommonDependencies(readRuntimeConfig());
const evidence = deps.config.evidence ? createEvidenceStore(deps.config.evidence) : undefined;
export const handler = handle(createApp({ ...deps, cognito: deps.config.cognito, evidence }));
