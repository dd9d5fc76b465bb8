/** `npm run worker`: only the background worker, for running it on more nodes. */
import { startWorker } from "../app/jobs/worker.server";
import { exitWithStartupError, loadConfigOrExit, onShutdown } from "./lib/cli";
import { devToolsEnabled } from "../app/config.server";
import { createPaymentRegistry } from "../app/payments/registry.server";
import { bootPlatform, buildNotifier, courierSettings, paymentSettings } from "./lib/platform";
import { createCourierRegistry } from "../app/shipping/registry.server";

async function main() {
  const config = loadConfigOrExit();
  try {
    const platform = await bootPlatform(config, { owner: false, search: true, log: console.log });
    const appUrl = config.PUBLIC_URL?.replace(/\/$/, "") ?? "http://127.0.0.1:3000";
    const worker = await startWorker({
      connectionString: platform.databaseUrl,
      db: platform.db,
      // Links in messages use the public address; the simulators are reached through the app server.
      notifier: buildNotifier(config, platform.db, appUrl, appUrl, devToolsEnabled(config), console.log),
      media: platform.media,
      meili: platform.meili,
      // A worker on its own reaches the development simulator through the app server's address.
      payments: createPaymentRegistry(paymentSettings(config, appUrl, devToolsEnabled(config))),
      couriers: createCourierRegistry(courierSettings(config, appUrl, devToolsEnabled(config))),
    });
    onShutdown(async () => {
      await worker.stop();
      await platform.stop();
    });
    console.log("Worker running. Press Ctrl-C to stop.");
  } catch (error) {
    exitWithStartupError(error);
  }
}

void main();
