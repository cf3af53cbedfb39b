import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedMarketplace, synthesizeMarketplace } from './synthesize-marketplace';

const domainName = 'marketplace.example.gov.uk';
const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
const webAclArn =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/marketplace/00000000-0000-0000-0000-000000000000';

let synthesized: SynthesizedMarketplace;

beforeAll(() => {
  synthesized = synthesizeMarketplace({ customDomain: { domainName, certificateArn }, webAclArn });
});

afterAll(() => synthesized?.cleanup());

describe('with a custom domain, certificate and web ACL', () => {
  it('serves the domain with the certificate over TLS 1.2 or later only', () => {
    synthesized.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: [domainName],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        WebACLId: webAclArn,
      },
    });
  });

  it('sends people back from sign-in and sign-out to the custom domain', () => {
    synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: [`https://${domainName}/auth/callback`],
      LogoutURLs: [`https://${domainName}/`],
    });
    expect(synthesized.template.toJSON().Outputs.SiteUrl.Value).toBe(`https://${domainName}`);
  });

  it('passes the cdk-nag AWS Solutions checks without the default-certificate and WAF exceptions', () => {
    const acknowledged = [...synthesized.nagAcknowledgements().keys()];
    expect(acknowledged).not.toContain('AwsSolutions-CFR2');
    expect(acknowledged).not.toContain('AwsSolutions-CFR4');
    const findings = synthesized.nagFindings();
    expect(findings, `Unacknowledged cdk-nag findings:\n${findings.join('\n')}`).toEqual([]);
  });
});
