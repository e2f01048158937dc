import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Where photo bytes live, by content: `put` answers the SHA-256 (hex) of the bytes and `get` finds
 * them by it. The same bytes stored twice are one object. A file implementation serves one machine;
 * an S3-compatible bucket could stand behind the same two calls.
 */
export interface PhotoStorage {
  put(bytes: Buffer): Promise<string>;
  /** Undefined when nothing is stored under the key. */
  get(key: string): Promise<Buffer | undefined>;
}

const KEY = /^[0-9a-f]{64}$/;

/**
 * Objects under `dir`, spread over 256 folders by the key's first two hex digits so no folder
 * grows huge. A write goes to a temporary name first and is renamed into place, so a reader
 * never sees half a file, even if the process dies mid-write.
 */
export class FilePhotoStorage implements PhotoStorage {
  constructor(private readonly dir: string) {}

  async put(bytes: Buffer): Promise<string> {
    const key = createHash("sha256").update(bytes).digest("hex");
    const path = this.pathOf(key);
    if (await exists(path)) return key;
    await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, bytes, { flag: "wx" });
    await rename(temporary, path);
    return key;
  }

  async get(key: string): Promise<Buffer | undefined> {
    if (!KEY.test(key)) return undefined;
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), key);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
