import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { maxEvidenceBytes } from '../domain/evidence';

export interface EvidenceStoreOptions {
  bucket: string;
  region: string;
  /** Local S3 (s3rver); absent in AWS. */
  endpoint?: string;
}

/**
 * Evidence files in the private S3 bucket. Browsers upload straight to S3 with a presigned POST
 * into `uploads/` (which the bucket forgets after a day); a file the service has checked is
 * copied to `evidence/` and only ever handed out through short-lived presigned links.
 */
export function createEvidenceStore({ bucket, region, endpoint }: EvidenceStoreOptions) {
  const client = new S3Client(
    endpoint
      ? {
          endpoint,
          region,
          forcePathStyle: true,
          credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
          // s3rver stores streamed checksummed bodies with their chunk framing; plain bodies it keeps as sent.
          requestChecksumCalculation: 'WHEN_REQUIRED',
        }
      : { region },
  );

  return {
    /** Where upload forms post to: the CSP's form-action must allow it. */
    uploadOrigin: endpoint ? new URL(endpoint).origin : `https://${bucket}.s3.${region}.amazonaws.com`,

    /**
     * A form that uploads one file to `key` and sends the browser back to `redirectTo`. The signed
     * policy caps the size, but local S3 does not enforce policies, so the service checks again.
     */
    async uploadForm(
      key: string,
      redirectTo: string,
    ): Promise<{ url: string; fields: Record<string, string> }> {
      return createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Conditions: [
          ['content-length-range', 1, maxEvidenceBytes],
          ['eq', '$success_action_redirect', redirectTo],
        ],
        Fields: { success_action_redirect: redirectTo },
        Expires: 15 * 60,
      });
    },

    /** The uploaded file's size and first 16 bytes, or undefined if nothing is there. */
    async inspect(key: string): Promise<{ sizeBytes: number; firstBytes: Uint8Array } | undefined> {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const sizeBytes = head.ContentLength ?? 0;
        if (sizeBytes === 0 || sizeBytes > maxEvidenceBytes)
          return { sizeBytes, firstBytes: new Uint8Array() };
        const start = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=0-15' }),
        );
        return { sizeBytes, firstBytes: (await start.Body?.transformToByteArray()) ?? new Uint8Array() };
      } catch (error) {
        if (
          error instanceof NotFound ||
          (error instanceof Error &&
            ['NotFound', 'NoSuchKey', 'AccessDenied', 'Forbidden'].includes(error.name))
        ) {
          return undefined;
        }
        throw error;
      }
    },

    async keep(uploadKey: string, evidenceKey: string, contentType: string): Promise<void> {
      await client.send(
        new CopyObjectCommand({
          Bucket: bucket,
          CopySource: `${bucket}/${uploadKey}`,
          Key: evidenceKey,
          ContentType: contentType,
          MetadataDirective: 'REPLACE',
        }),
      );
    },

    /** A link that works for five minutes and downloads the file under a plain name. */
    async downloadLink(key: string, fileName: string): Promise<string> {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentDisposition: `attachment; filename="${fileName}"`,
        }),
        { expiresIn: 300 },
      );
    },
  };
}

export type EvidenceStore = ReturnType<typeof createEvidenceStore>;
