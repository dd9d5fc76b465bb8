/** `npm run db:migrate`: applies pending migrations (embedded database unless DATABASE_URL is set). */
import { exitWithStartupError, loadConfigOrExit } from "./lib/cli";
import { bootPlatform } from "./lib/platform";

const config = loadConfigOrExit();
try {
  const platform = await bootPlatform(config, { owner: false, search: false, log: console.log });
  console.log("Migrations are up to date.");
  await platform.stop();
} catch (error) {
  exitWithStartupError(error);
}
