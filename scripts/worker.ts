/** `npm run worker`: only the background worker, for running it on more nodes. */
import { startWorker } from "../app/jobs/worker.server";
import { createOutboxNotifier } from "../app/notify/notifier.server";
import { exitWithStartupError, loadConfigOrExit, onShutdown } from "./lib/cli";
import { bootPlatform } from "./lib/platform";

async function main() {
  const config = loadConfigOrExit();
  try {
    const platform = await bootPlatform(config, { owner: false, search: true, log: console.log });
    const worker = await startWorker({
      connectionString: platform.databaseUrl,
      db: platform.db,
      notifier: createOutboxNotifier(platform.db),
      media: platform.media,
      meili: platform.meili,
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
