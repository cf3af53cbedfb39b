import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers on every response. The CSP allows no inline script or style: GOV.UK Frontend is
 * loaded as files from our own origin, and its start-up code lives in /assets/app.js.
 */
export const securityHeaders = (extraFormActions: string[] = []) =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      // Evidence upload forms post straight to the private bucket's origin.
      formAction: ["'self'", ...extraFormActions],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: 'max-age=31536000; includeSubDomains',
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
