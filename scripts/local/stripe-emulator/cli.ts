import { startStripeEmulator } from './index';

/**
 * Runs the emulator on its own: `tsx scripts/local/stripe-emulator/cli.ts`. `npm start` starts it
 * in-process instead; this is for poking at it by hand.
 */
const port = Number(process.env.STRIPE_EMULATOR_PORT ?? 12111);
const webhookUrl = process.env.STRIPE_WEBHOOK_URL;
const emulator = await startStripeEmulator({
  port,
  secretKeys: [process.env.STRIPE_SECRET_KEY ?? 'sk_test_emulator'],
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_emulator',
  ...(webhookUrl ? { webhook: { url: webhookUrl } } : {}),
});
console.log(
  `Stripe emulator (local test) at ${emulator.url}\n` +
    `  webhooks: ${webhookUrl ?? 'not delivered (set STRIPE_WEBHOOK_URL)'}\n` +
    `  events:   ${emulator.url}/_emulator/events`,
);
const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
