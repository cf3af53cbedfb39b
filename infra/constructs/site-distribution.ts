import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { staticPaths } from '../../shared/routing';
import { arnInFinding } from '../nag';
import { PrivateBucket } from './private-bucket';

/** A custom domain needs both: the name, and an ACM certificate for it in us-east-1 (CloudFront's region). */
export interface CustomDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

export interface SiteDistributionProps {
  /** Host of the HTTP API's default stage. */
  readonly apiDomainName: string;
  /** Folder holding `assets/` and `openapi.json`, uploaded to the static bucket on deploy. */
  readonly staticAssetsPath: string;
  /** Receives CloudFront's and the static bucket's access logs. */
  readonly logsBucket: IBucket;
  readonly customDomain?: CustomDomain;
  /** ARN of an existing WAF web ACL (CLOUDFRONT scope, so created in us-east-1). */
  readonly webAclArn?: string;
}

/**
 * Copies the Host the viewer asked for into `x-forwarded-host`: CloudFront must send the API's own
 * host to API Gateway, and the apps build their public URLs and sign-in redirects from this header.
 */
const forwardViewerHost = `function handler(event) {
  var request = event.request;
  if (request.headers.host) {
    request.headers['x-forwarded-host'] = { value: request.headers.host.value };
  }
  return request;
}`;

/**
 * The public front door: CloudFront sends pages and APIs to the HTTP API uncached, and serves the static
 * files (GOV.UK Frontend assets, the OpenAPI document) from a private bucket.
 */
export class SiteDistribution extends Construct {
  readonly distribution: Distribution;
  readonly staticBucket: PrivateBucket;
  /** `https://<custom domain or CloudFront domain>`, without a trailing slash. */
  readonly publicOrigin: string;

  constructor(scope: Construct, id: string, props: SiteDistributionProps) {
    super(scope, id);

    this.staticBucket = new PrivateBucket(this, 'StaticBucket', {
      serverAccessLogsBucket: props.logsBucket,
      serverAccessLogsPrefix: 'static-bucket/',
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'HSTS, nosniff, no framing, referrer policy; the apps set their own CSP',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.SAME_ORIGIN,
          override: true,
        },
      },
    });

    const forwardHost = new CloudFrontFunction(this, 'ForwardHost', {
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(forwardViewerHost),
      comment: 'Copies the viewer Host header into x-forwarded-host',
    });

    const staticFiles: BehaviorOptions = {
      origin: S3BucketOrigin.withOriginAccessControl(this.staticBucket),
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: securityHeaders,
    };

    const { customDomain } = props;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Open Framework Marketplace',
      defaultBehavior: {
        origin: new HttpOrigin(props.apiDomainName, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // Pages are personal (signed-in users, CSRF tokens): never cache them at the edge.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        // API Gateway routes on its own Host, so the viewer's travels in x-forwarded-host instead.
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: forwardHost, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`${staticPaths.assetsPrefix}/*`]: staticFiles,
        [staticPaths.openApiDocument]: staticFiles,
      },
      // Europe and North America edges: the users are in the UK.
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logsBucket,
      logFilePrefix: 'cloudfront/',
      webAclId: props.webAclArn,
      ...(customDomain && {
        domainNames: [customDomain.domainName],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });

    this.deployStaticFiles(props.staticAssetsPath);
    this.publicOrigin = `https://${customDomain?.domainName ?? this.distribution.distributionDomainName}`;

    const checks = Validations.of(this.distribution);
    checks.acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'A UK public service that residents, carers and providers also use from abroad; geo-blocking would lock them out and protect nothing that sign-in does not.',
    });
    if (!props.webAclArn) {
      checks.acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'CloudFront web ACLs exist only in us-east-1 and this stack is region-agnostic, so one is attached with -c webAclArn=<arn>; until then the apps validate every input and API Gateway throttles requests.',
      });
    }
    if (!customDomain) {
      checks.acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be set; giving domainName and certificateArn enforces TLSv1.2_2021.',
      });
    }
  }

  /** Uploads the static folder on every deploy and invalidates CloudFront so the new files show at once. */
  private deployStaticFiles(staticAssetsPath: string): void {
    // Our own role and log group, so the upload function can write to its log group only, instead of
    // getting the AWSLambdaBasicExecutionRole managed policy.
    const logs = new LogGroup(this, 'StaticFilesLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'StaticFilesRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Uploads the static files and invalidates CloudFront during deployment',
    });
    logs.grantWrite(role);

    new BucketDeployment(this, 'StaticFiles', {
      sources: [Source.asset(staticAssetsPath)],
      destinationBucket: this.staticBucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // File names are not content-hashed, so browsers keep them for an hour only.
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.hours(1))],
      role,
      logGroup: logs,
    });

    const syncReason =
      "CDK's BucketDeployment reads its zip from the CDK assets bucket and syncs (puts, overwrites, deletes) every object of the static files bucket; it runs only during deployment.";
    const assetsBucket = `arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
    const syncFindings = [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::${assetsBucket}/*`,
      `Resource::${arnInFinding(this.staticBucket)}/*`,
    ];
    Validations.of(role).acknowledge(
      ...syncFindings.map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: syncReason })),
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          "CDK's BucketDeployment grants cloudfront:CreateInvalidation and GetInvalidation on * to invalidate this distribution after an upload; it runs only during deployment.",
      },
    );

    // CDK creates the upload function once per stack, beside this construct rather than inside it. Should
    // CDK rename it, the L1 finding comes back and the cdk-nag test says so.
    const uploader = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (uploader) {
      Validations.of(uploader).acknowledge({
        id: 'AwsSolutions-L1',
        reason:
          "The runtime of CDK's BucketDeployment upload function is chosen and upgraded by aws-cdk-lib, not by us.",
      });
    }
  }
}
