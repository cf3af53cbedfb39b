import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The runtime reads these from the `cognito:groups` claim. */
export const userGroups = ['provider', 'commissioner', 'person', 'representative', 'admin'] as const;

export interface MarketplaceUserPoolProps {
  /** Cognito domain prefix for managed sign-in: `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly domainPrefix: string;
}

/** Who can sign in: one user pool for every council, each user bound to a council and to groups. */
export class MarketplaceUserPool extends Construct {
  readonly userPool: UserPool;
  /** JWT `iss`: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Base URL of managed sign-in (`/oauth2/authorize`, `/oauth2/token`, `/logout`). */
  readonly domainUrl: string;

  constructor(scope: Construct, id: string, props: MarketplaceUserPoolProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      // Providers apply online; an admin puts them in a group once the council knows who they are.
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // Fixed at creation: moving a user to another council would carry their access with them.
        councilId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus is the tier with threat protection: it blocks sign-ins from leaked credentials and
      // risky attempts, which matters for accounts that see people's care and payment records.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is offered (TOTP) but not required because people who draw on care and their representatives sign themselves up and a required authenticator app would shut many out; Plus-tier threat protection covers risky sign-ins.',
    });

    for (const groupName of userGroups) {
      this.userPool.addGroup(`Group-${groupName}`, { groupName });
    }

    const domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });
    this.issuer = this.userPool.userPoolProviderUrl;
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
    this.domainUrl = domain.baseUrl();
  }

  /**
   * The browser client: a public client (no secret) using the authorization code grant with PKCE,
   * returning to `<publicOrigin>/auth/callback` and, after sign-out, to `<publicOrigin>/`.
   */
  addWebClient(publicOrigin: string): UserPoolClient {
    return this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${publicOrigin}/auth/callback`],
        logoutUrls: [`${publicOrigin}/`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      // Without this a self-registered user could choose their own council at sign-up; only an admin
      // (AdminCreateUser) sets custom:councilId.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
  }
}
