import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ApiFunctionProps {
  /** Absolute path of the Lambda entry (`functions/<name>/handler.ts`), which exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Record<string, string>;
  /** @default 10 seconds: a page or API call that takes longer is a bug, and API Gateway stops at 30 s. */
  readonly timeout?: Duration;
}

/**
 * The Lambda defaults every function shares (the three Hono apps, the jobs and the notifications
 * functions), so they are decided once: Node 22 on Graviton, minified ESM with source maps, its own
 * log group and its own role.
 */
export class ApiFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Our own role that may write to this function's log group only, instead of the
    // AWSLambdaBasicExecutionRole managed policy, which allows writing to any log group in the account.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} function`,
    });
    logGroup.grantWrite(role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      // Graviton: about 20% cheaper per GB-second than x86 for the same Node.js code.
      architecture: Architecture.ARM_64,
      // Lambda gives CPU in proportion to memory: 512 MB renders pages (JSX, zod, the AWS SDK) several
      // times faster than 128 MB, cold starts included, for about the same cost per request.
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require(), which ES modules do not have unless we make one.
        banner:
          "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
        minify: true,
        // Minifying renames classes; error names (ValidationError, ...) must survive into the logs.
        keepNames: true,
        sourceMap: true,
        // Stack traces need only the mappings; embedding the sources would double the bundle.
        sourcesContent: false,
        // Run the AWS SDK version the tests ran against, not whichever one the runtime ships.
        bundleAwsSDK: true,
        forceDockerBundling: false,
        logLevel: LogLevel.WARNING,
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is a supported LTS runtime that matches what the code targets (@types/node 22, esbuild node22); moving to 24 is a deliberate upgrade with its own test run.',
    });
  }
}
