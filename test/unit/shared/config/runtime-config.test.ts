import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../../../shared/config/runtime-config';

const aws = {
  TABLE_NAME: 'marketplace',
  AUTH_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
  AUTH_AUDIENCE: 'client123',
  AUTH_JWKS_URL: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc/.well-known/jwks.json',
  COGNITO_DOMAIN_URL: 'https://marketplace.auth.eu-west-2.amazoncognito.com',
};

describe('runtime configuration', () => {
  it('reads the AWS environment once into typed settings', () => {
    expect(readRuntimeConfig(aws)).toEqual({
      tableName: 'marketplace',
      logLevel: 'info',
      auth: {
        issuer: aws.AUTH_ISSUER,
        audience: 'client123',
        keys: { kind: 'remote', jwksUrl: aws.AUTH_JWKS_URL },
      },
      cognito: { domainUrl: aws.COGNITO_DOMAIN_URL, clientId: 'client123' },
    });
  });

  it('fails at start-up naming every missing or malformed variable', () => {
    expect(() => readRuntimeConfig({ AUTH_ISSUER: 'not a url' })).toThrow(
      /TABLE_NAME: .*AUTH_ISSUER: AUTH_ISSUER must be the token issuer URL.*AUTH_AUDIENCE/,
    );
  });

  it('refuses both, or neither, of the two key sources', () => {
    expect(() => readRuntimeConfig({ ...aws, AUTH_JWKS: '{"keys":[{}]}' })).toThrow(
      /exactly one of AUTH_JWKS_URL/,
    );
    const { AUTH_JWKS_URL: _unused, ...none } = aws;
    expect(() => readRuntimeConfig(none)).toThrow(/exactly one of AUTH_JWKS_URL/);
  });
});
