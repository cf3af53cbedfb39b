import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';

/**
 * API Gateway HTTP API (payload format 2.0) events, shaped as API Gateway sends them: cookies in
 * their own array, the raw query string beside the parsed one, bodies base64-encoded when binary
 * or form data.
 */
export interface EventOptions {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  base64?: boolean;
}

export function httpApiEvent({
  method = 'GET',
  path,
  query,
  headers = {},
  cookies,
  body,
  base64,
}: EventOptions): LambdaEvent {
  const rawQueryString = query ? new URLSearchParams(query).toString() : '';
  const host = 'abc123.execute-api.eu-west-2.amazonaws.com';
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers: { host, 'x-forwarded-proto': 'https', ...lowerCaseKeys(headers) },
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: host,
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: '$default',
      stage: '$default',
      time: '24/Nov/2026:10:00:00 +0000',
      timeEpoch: Date.parse('2026-11-24T10:00:00Z'),
    },
    isBase64Encoded: Boolean(base64),
    ...(body === undefined ? {} : { body: base64 ? Buffer.from(body).toString('base64') : body }),
  };
  // Hono types the body as `string | null`; API Gateway leaves it out when there is none.
  return event as unknown as LambdaEvent;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}

export const lambdaContext = {
  functionName: 'test',
  awsRequestId: 'request-1',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

export interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}
