import { resolve } from 'node:path';
import { JavaMissingError } from './dynamodb-local';
import { startLocalStack } from './local-stack';

/** `npm start`: the whole marketplace on this machine, with demo data, until Ctrl-C. */
const started = performance.now();
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exit(1);
}

try {
  const stack = await startLocalStack({
    port,
    dataDir: resolve('.local/dynamodb'),
    keyFile: resolve('.local/signing-key.json'),
    logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'info',
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `\nOpen Framework Marketplace is running at ${stack.url} (ready in ${seconds} s)\n` +
      `  demo data: ${stack.seeded.added} records added, ${stack.seeded.alreadyThere} already there\n` +
      `  sign in:   ${stack.url}/sign-in     health: ${stack.url}/health     API: ${stack.url}/openapi.json\n` +
      `  payments:  the Stripe emulator at ${stack.stripeUrl} (pay with 4242 4242 4242 4242)\n` +
      '  jobs:      checkout sweep every minute; compliance check, catalogue refresh and checkout sweep now and daily\n' +
      'Press Ctrl-C to stop.\n',
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping...');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(
      `Port ${port} is in use. Stop whatever is using it, or run with another port: PORT=3001 npm start`,
    );
  } else {
    console.error('The local stack could not start:', error);
  }
  process.exit(1);
}
