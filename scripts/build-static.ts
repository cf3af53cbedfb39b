import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appsForDocumentation, buildOpenApiDocument } from './openapi-document';

/**
 * The files CloudFront serves from S3 in AWS and the local server serves from disk: GOV.UK
 * Frontend's assets, our start-up script, and the OpenAPI document.
 */
const govukDist = resolve('node_modules/govuk-frontend/dist/govuk');

// Module scripts run only in browsers GOV.UK Frontend supports, so this is where it starts.
const appScript = `import { initAll } from './govuk-frontend.min.js';
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
`;

export function buildStaticSite(outDir = resolve('dist/static')): string {
  rmSync(outDir, { recursive: true, force: true });
  const assets = join(outDir, 'assets');
  mkdirSync(assets, { recursive: true });
  cpSync(join(govukDist, 'assets'), assets, { recursive: true });
  for (const file of [
    'govuk-frontend.min.css',
    'govuk-frontend.min.css.map',
    'govuk-frontend.min.js',
    'govuk-frontend.min.js.map',
  ]) {
    copyFileSync(join(govukDist, file), join(assets, file));
  }
  writeFileSync(join(assets, 'app.js'), appScript);
  writeFileSync(
    join(outDir, 'openapi.json'),
    JSON.stringify(buildOpenApiDocument(appsForDocumentation()), null, 2),
  );
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = buildStaticSite(process.argv[2] ? resolve(process.argv[2]) : undefined);
  process.stdout.write(`Static site built in ${out} (${dirname(out)})\n`);
}
