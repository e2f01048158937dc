import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The `Regimen-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed
 * with the endpoint's secret (its UTF-8 bytes). Signing the time with the body lets a receiver
 * refuse an old request replayed later; `v1` names the scheme so another can follow beside it.
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${webhookHmac(secret, body, unixSeconds)}`;
}

/**
 * What a receiver does with the header: true when one `v1` matches the body and `t` lies within
 * `toleranceSeconds` (default 5 minutes) of `nowSeconds`. Compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = header.split(",").map((part) => part.trim().split("="));
  const t = Number(parts.find(([key]) => key === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(webhookHmac(secret, body, t), "hex");
  return parts.some(([key, value]) => {
    if (key !== "v1" || value === undefined) return false;
    const given = Buffer.from(value, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function webhookHmac(secret: string, body: string, unixSeconds: number): string {
  return createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
}
