import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/**
 * What the secret starts with: the shape operators fill in, with values the checkout refuses
 * ("The Stripe secret must hold secretKey (sk_...)"), so a forgotten step fails loudly, not with a
 * half-working gateway. Never change it: CloudFormation would generate a new value over the real keys.
 */
const placeholder = {
  secretKey: 'not set: put the sk_live_... key here',
  webhookSecret: 'not set: put the whsec_... signing secret here',
};

/**
 * Stripe's keys for the checkout and jobs functions, read once per cold start (GetSecretValue). The
 * stack creates the secret with a placeholder; real keys never appear in code or templates, operators
 * put them in with `aws secretsmanager put-secret-value` (README, "Payments").
 */
export class StripeSecret extends Secret {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      description:
        'Stripe keys for the checkout and jobs functions. Store JSON {"secretKey":"sk_live_...","webhookSecret":"whsec_..."}: the secret API key, and the signing secret of the webhook endpoint https://<domain>/webhooks/stripe. Created with a placeholder value that the functions refuse.',
      generateSecretString: {
        secretStringTemplate: JSON.stringify(placeholder),
        generateStringKey: 'placeholder',
        excludePunctuation: true,
      },
      // Unlike the table, it goes with the stack: the keys' home is the Stripe dashboard, where they can
      // be rolled or revealed again, and an orphaned secret would only leave live payment keys lying about.
      // Encrypted with the AWS managed key (aws/secretsmanager), as the table is with aws/dynamodb:
      // every use is in CloudTrail, and the readers need no kms:Decrypt grant.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Stripe keys are made in the Stripe dashboard, not by AWS, so a rotation Lambda cannot create new ones; operators roll them there and then put the new pair in this secret.',
    });
  }
}
