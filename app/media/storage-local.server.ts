import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { contentTypeForKey, isSafeMediaKey, type MediaStorage } from "./storage.server";

/** Photos on local disk (default: .data/media). Writes go to a temp file then rename: never half a file. */
export function createLocalMediaStorage(root: string): MediaStorage {
  const fileFor = (key: string) => {
    if (!isSafeMediaKey(key)) throw new Error(`unsafe media key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(key, data) {
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, data);
      await rename(temp, file);
    },
    async get(key) {
      if (!isSafeMediaKey(key)) return null;
      const file = fileFor(key);
      try {
        const info = await stat(file);
        return { body: createReadStream(file), contentType: contentTypeForKey(key), size: info.size };
      } catch {
        return null;
      }
    },
    async delete(keys) {
      for (const key of keys) if (isSafeMediaKey(key)) await rm(fileFor(key), { force: true });
    },
  };
}
