import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

/**
 * DynamoDB Local, the real engine, as shipped inside the npm package amplify-dynamodb-simulator.
 * Fetched once with `npm pack` into a git-ignored cache, then started with the machine's Java.
 */
const simulatorPackage = 'amplify-dynamodb-simulator@2.9.30';
export const emulatorCacheDir = resolve('.cache/dynamodb-local');

export const javaInstallHint =
  'DynamoDB Local needs Java 17 or later, and `java` was not found.\n' +
  'On Debian or Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
  'On macOS with Homebrew: brew install openjdk@17\n' +
  'Then run the command again.';

export class JavaMissingError extends Error {
  constructor() {
    super(javaInstallHint);
    this.name = 'JavaMissingError';
  }
}

export function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) throw new JavaMissingError();
}

/** Makes sure the emulator's jar is in the cache; downloads the package only the first time. */
export function ensureEmulator(cacheDir = emulatorCacheDir): string {
  const jar = join(cacheDir, 'DynamoDBLocal.jar');
  if (existsSync(jar)) return cacheDir;
  const work = mkdtempSync(join(tmpdir(), 'dynamodb-local-'));
  try {
    const pack = spawnSync('npm', ['pack', simulatorPackage, '--silent', '--pack-destination', work], {
      encoding: 'utf8',
    });
    if (pack.status !== 0) throw new Error(`npm pack ${simulatorPackage} failed: ${pack.stderr}`);
    const tarball = join(work, pack.stdout.trim().split('\n').pop() ?? '');
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator'], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`could not unpack ${tarball}: ${untar.stderr}`);
    mkdirSync(resolve(cacheDir, '..'), { recursive: true });
    rmSync(cacheDir, { recursive: true, force: true });
    // Rename last, so an interrupted download never leaves a half-filled cache behind.
    renameSync(join(work, 'package/emulator'), cacheDir);
    return cacheDir;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

export interface RunningDynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder between runs; in memory when absent. */
  dataDir?: string;
  port?: number;
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  assertJavaAvailable();
  const dir = ensureEmulator();
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      ...storage,
      '-sharedDb',
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { cwd: dir, env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child, () => stderr);
  return { endpoint, stop: () => stopProcess(child) };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    child.kill('SIGKILL');
    throw new Error(`DynamoDB Local did not start within 30 s: ${stderr()}`);
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
