import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { migrationProvider } from "./index.js";

/**
 * The SHA-256 of every migration that has landed. A database that already ran a migration never
 * runs it again, so editing one changes nothing there and splits the schema between old and new
 * installs. Change the schema with a new migration instead; when you add one, pin it here
 * (`sha256sum src/store/migrations/<name>.ts`) in the same commit.
 */
const LANDED: Record<string, string> = {
  "2026_11_27_0001_initial": "b246b83270cfe5b5c13db7e71cfd0c7fd745fc5bfa079499c9cba61e8d3ff941",
  "2026_11_27_0002_accounts": "2c5cd2e3a831e86f4b3cef927bce07dbeed69e9e9d8645c6d98a21ba152eabb4",
  "2026_11_30_0001_protocol_guards": "9f3bdc87b21f9784b3dc3be8f5ce67011a9b17f4aa139aab496ef3afb50f3719",
  "2026_11_30_0002_waitlist_caps": "213dee0bbc2512162a7e8379d97ab9a03d023f185b19daf22deae7e671d6d55e",
  "2026_11_30_0003_account_controls": "7f3d9d7135544c551fd1c052d8d342db48ba6d2c73a8d3a56e171c5eb67831f9",
  "2026_11_30_0005_profile_audit": "3a8710e287bd8f38e8a17d250312476f961cc9421d9a14b518b7a1067efaee54",
  "2026_11_30_0006_room_kinds_closures": "925a366a89ffbcc840c199f18facdb95ea4636e3c54b7c1f04b42daa33c38646",
  "2026_11_30_0007_needs_attention": "34f91fb3f30cfa4a674c8a4468d58946ef51f08294b4d7ca5b1a4eb10ab9b508",
  "2026_11_30_0008_work_queues": "f233cc325fa41e5d62661ca6049ffaf74fa5f185f875df2926adc1ec492c1f77",
  "2026_11_30_0010_skincare_routine": "49c5dc09ae6e936b4d9cbdecc70143f92d441510cca233d8bab72ab1b0204ac3",
  "2026_12_01_0100_messages": "d703becceb19c2fbcb9a569abb904023d31713e3ed069aed75fee8d59dc93c49",
  "2026_12_01_0200_check_ins_alerts_calendar_tokens":
    "4a73f81a17511b89d9b006e752a37b8b5f00107ba76b74c2c41f4a77cc898b6c",
  "2026_12_01_0300_consent": "a43d128f5fbbec8d275ce151d42e9c954feb365f0122a71eb6999d42322d0f0c",
  "2026_12_01_0301_session_chart": "e453113ddce8680286beb78d05c7a78feb9e1bd7b1a9ef89c79f37795c54cd7e",
  "2026_12_01_0302_session_photo": "b5607e9548d573c3906f6c616fa8df007b8e0a62b15e83f253c627eacb8c60e6",
  "2026_12_01_0303_session_assessment": "d8c96fc90d36f05ab0a9039cd21178a6d0d745ad6dabd6ff893bf387d9d235b8",
  "2026_12_01_0310_webhooks": "c0ce0f97e5c88f22ffae0760a0a36d389b0b79713f4142b81ba1647c2179c7f7",
  "2026_12_01_0600_booking_revision": "de52145abbbac58d015f0b95ce5ddcdcbf0f12177c57a6811914a1e1506e6c6f",
  "2026_12_02_0400_plan_patient_status": "15bd95a89440b3e227c24cd97bcd68314f5ff938fbd3fa489c2e67390b7bffab",
  "2026_12_03_0100_idempotency_key_after_lock":
    "6893bf9413658635ea7c9e0f3ef1462ba220f758401894c4730963fe3c1513bb",
};

const DIR = import.meta.dirname;

/** The file's SHA-256, with CRLF read as LF so a Windows checkout hashes the same. */
async function sha256Of(name: string): Promise<string> {
  const text = (await readFile(join(DIR, `${name}.ts`), "utf8")).replaceAll("\r\n", "\n");
  return createHash("sha256").update(text, "utf8").digest("hex");
}

async function registeredNames(): Promise<string[]> {
  return Object.keys(await migrationProvider("sqlite").getMigrations());
}

describe("landed migrations", () => {
  it("are unchanged", async () => {
    const edited: string[] = [];
    for (const [name, pinned] of Object.entries(LANDED)) {
      if ((await sha256Of(name)) !== pinned) edited.push(name);
    }
    expect(
      edited,
      `Landed migrations were edited: ${edited.join(", ")}. Databases that already ran them will never ` +
        "see the change. Undo the edit and add a new migration (a new timestamped file registered in " +
        "src/store/migrations/index.ts) instead.",
    ).toEqual([]);
  });

  it("are all still registered, in order", async () => {
    const names = await registeredNames();
    expect(names.slice(0, Object.keys(LANDED).length)).toEqual(Object.keys(LANDED));
  });

  it("include every registered migration (pin a new one here)", async () => {
    const unpinned = (await registeredNames()).filter((name) => !(name in LANDED));
    expect(
      unpinned,
      `Migrations without a pinned SHA-256: ${unpinned.join(", ")}. Add each to LANDED in ` +
        "src/store/migrations/migrations-pinned.test.ts with its `sha256sum`.",
    ).toEqual([]);
  });

  it("are every migration file in the folder (an unregistered file never runs)", async () => {
    const files = (await readdir(DIR))
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "index.ts")
      .map((file) => file.slice(0, -".ts".length));
    expect(files.sort()).toEqual((await registeredNames()).sort());
  });
});
