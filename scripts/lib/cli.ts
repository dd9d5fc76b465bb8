import { ConfigError, parseConfig, type Config } from "../../app/config.server";
import { EmbeddedStartError } from "./embedded";
import { StartupError } from "./platform";

/** Loads configuration or exits with one clear line (never a stack trace). */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** Prints a start-up failure as one line and exits non-zero. */
export function exitWithStartupError(error: unknown): never {
  if (error instanceof StartupError || error instanceof ConfigError) console.error(error.message);
  else if (error instanceof EmbeddedStartError) console.error(`Start-up failed: ${error.message}`);
  else console.error(`Start-up failed: ${(error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ")}`);
  process.exit(1);
}

/** Runs `stop` once on SIGINT/SIGTERM/SIGHUP (Ctrl-C, a service manager, a closed terminal), then exits. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop()
      .catch((error: unknown) => console.error(`Error while stopping: ${String(error)}`))
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("SIGHUP", handler);
}
