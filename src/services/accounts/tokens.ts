import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe: session cookies and password-reset tokens. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What the database keeps instead of a token. A fast hash is enough: the token has 256 bits of
 * entropy, so there is nothing to brute-force, unlike a password.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
