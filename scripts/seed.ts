/** `npm run seed`: loads the demo data into an empty database (skips if accounts exist). */
import { seedDemoIfEmpty } from "../db/seed";
import { exitWithStartupError, loadConfigOrExit } from "./lib/cli";
import { bootPlatform } from "./lib/platform";

const config = loadConfigOrExit();
try {
  const platform = await bootPlatform(config, { owner: false, search: false, log: console.log });
  const seeded = await seedDemoIfEmpty(platform.db, console.log);
  console.log(seeded ? "Demo data seeded." : "The database already has accounts: nothing seeded.");
  await platform.stop();
} catch (error) {
  exitWithStartupError(error);
}
