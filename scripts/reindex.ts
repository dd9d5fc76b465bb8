/** `npm run reindex`: rebuilds the search index from PostgreSQL into a new index and swaps it in; search answers throughout. */
import { reindexProducts } from "../app/search/engine.server";
import { exitWithStartupError, loadConfigOrExit } from "./lib/cli";
import { bootPlatform } from "./lib/platform";

const config = loadConfigOrExit();
try {
  const platform = await bootPlatform(config, { owner: false, search: true, log: console.log });
  const started = Date.now();
  const count = await reindexProducts(platform.db, platform.meili!, console.log);
  console.log(`Reindexed ${count} products in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  await platform.stop();
} catch (error) {
  exitWithStartupError(error);
}
