import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';

/** The evidence bucket's name locally; in AWS CloudFormation names it. */
export const localEvidenceBucket = 'evidence';

/**
 * A local S3 (s3rver) for evidence files, in this process. It checks neither signatures nor POST
 * policies, which is why the service checks every upload's size and first bytes itself.
 */
export async function startLocalS3(directory: string): Promise<{ endpoint: string; stop(): Promise<void> }> {
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: localEvidenceBucket }],
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.close() };
}
