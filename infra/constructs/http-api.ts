import { Aws, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** One JSON line per request, so Logs Insights can filter by status, route or latency. */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    method: '$context.httpMethod',
    path: '$context.path',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
  }),
);

/**
 * The HTTP API in front of the functions. It has no authorizer: each app verifies the Cognito JWT
 * itself, with the same code that runs locally, and authorises every object, not only the route.
 */
export class MarketplaceHttpApi extends Construct {
  readonly api: HttpApi;
  /** Host of the default stage, for CloudFront to use as its origin. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Open Framework Marketplace: pages and JSON APIs',
      // Created below, so it can have access logs.
      createDefaultStage: false,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
      // Well above what a council's users send; caps what a flood of requests can cost in Lambda and DynamoDB.
      throttle: { rateLimit: 100, burstLimit: 200 },
    });

    this.originDomainName = `${this.api.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Some routes are public (start page, catalogue, Stripe webhooks) and each app verifies the Cognito JWT itself and authorises every object, with the same code that runs locally.',
    });
  }

  /** A prefix `/x` sends both `/x` and everything under `/x/` to the function, whatever the method. */
  addFunctionRoutes(id: string, handler: IFunction, prefixes: readonly string[]): HttpLambdaIntegration {
    const integration = new HttpLambdaIntegration(`${id}Integration`, handler, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    for (const prefix of prefixes) {
      for (const path of [prefix, `${prefix}/{proxy+}`]) {
        this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration });
      }
    }
    return integration;
  }

  /** Every path no prefix claims goes to this integration (`$default`). */
  setDefaultRoute(integration: HttpLambdaIntegration): void {
    new HttpRoute(this, 'DefaultRoute', { httpApi: this.api, routeKey: HttpRouteKey.DEFAULT, integration });
  }
}
