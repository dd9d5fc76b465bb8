/** `npm run seed`: loads the demo data into an empty database (skips if accounts exist). */
import { seedDemoIfEmpty } from "../db/seed";
import { seedCatalogIfEmpty } from "../db/seed/catalog";
import { exitWithStartupError, loadConfigOrExit } from "./lib/cli";
import { bootPlatform } from "./lib/platform";

const config = loadConfigOrExit();
try {
  const platform = await bootPlatform(config, { owner: false, search: false, log: console.log });
  const seeded = await seedDemoIfEmpty(platform.db, console.log);
  const catalogue = await seedCatalogIfEmpty(platform.db, platform.media, console.log);
  console.log(seeded || catalogue ? "Demo data seeded." : "The database already has accounts and products: nothing seeded.");
  await platform.stop();
} catch (error) {
  exitWithStartupError(error);
}
