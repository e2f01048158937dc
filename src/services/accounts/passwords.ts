import { type Algorithm, hash, verify } from "@node-rs/argon2";

// The package's `Algorithm` is a const enum with no runtime object; 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

/** Hashes and checks passwords; an interface so tests can pass cheaper (still real) parameters. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash; never throws on either. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export interface Argon2Cost {
  /** KiB of memory per hash. */
  memoryCost: number;
  /** Passes over the memory. */
  timeCost: number;
  parallelism: number;
}

/** OWASP's first argon2id configuration: 19 MiB, 2 passes, 1 lane (tens of ms per hash). */
export const PRODUCTION_ARGON2: Argon2Cost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** For tests only: the same algorithm at a cost that keeps a suite fast. */
export const TEST_ARGON2: Argon2Cost = { memoryCost: 256, timeCost: 1, parallelism: 1 };

export function argon2idHasher(cost: Argon2Cost = PRODUCTION_ARGON2): PasswordHasher {
  return {
    hash: (password) => hash(password, { algorithm: ARGON2ID, ...cost }),
    async verify(passwordHash, password) {
      try {
        // The parameters are read from the hash itself, so old hashes verify after a cost change.
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    },
  };
}
