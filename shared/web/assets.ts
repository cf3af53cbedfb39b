import govukFrontendPackage from 'govuk-frontend/package.json' with { type: 'json' };

/**
 * Asset URLs carry a version in the query so they can be cached for a year: a new GOV.UK
 * Frontend (or a change to our start-up script, bump `appScriptVersion`) gets new URLs.
 */
const appScriptVersion = '1';
const version = `${govukFrontendPackage.version}-${appScriptVersion}`;

export const assetUrls = {
  stylesheet: `/assets/govuk-frontend.min.css?v=${version}`,
  script: `/assets/app.js?v=${version}`,
  favicon: '/assets/images/favicon.ico',
  faviconSvg: '/assets/images/favicon.svg',
};

export const serviceName = 'Open Framework Marketplace';
