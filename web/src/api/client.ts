import { queryOptions, useQuery } from "@tanstack/react-query";
import createClient from "openapi-fetch";
import { ApiProblem } from "./problem";
import type { components, paths } from "./schema";

/**
 * The one way the app talks to the server: typed from the OpenAPI document (`npm run gen:api`),
 * same origin, with the session cookie the server sets.
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "http://localhost",
  credentials: "same-origin",
});

export type Schemas = components["schemas"];
export type Booking = Schemas["Booking"];
export type StoredPlan = Schemas["StoredPlan"];

type Result<D> = { data?: D; error?: unknown; response: Response };

/** The answer's body, or an ApiProblem carrying the server's problem+json. */
export async function unwrap<D>(pending: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await pending;
  } catch (cause) {
    throw new ApiProblem(0, { cause });
  }
  if (!result.response.ok) throw new ApiProblem(result.response.status, result.error);
  return result.data as D;
}

/** Query keys in one place, so a write invalidates exactly what it changed. */
export const keys = {
  me: ["me"] as const,
  setup: ["setup"] as const,
  clinic: (slug: string) => ["clinic", slug] as const,
  services: (slug: string) => ["services", slug] as const,
  slots: (
    slug: string,
    service: string,
    from: string,
    to: string,
    patientId?: string,
    providerId?: string,
    rescheduling?: string,
  ) =>
    ["slots", slug, service, from, to, patientId ?? null, providerId ?? null, rescheduling ?? null] as const,
  intake: (patientId: string) => ["intake", patientId] as const,
  plans: (patientId: string) => ["plans", patientId] as const,
  timeline: (patientId: string) => ["timeline", patientId] as const,
  bookings: (patientId: string) => ["bookings", patientId] as const,
  booking: (bookingId: string) => ["booking", bookingId] as const,
  waitlist: (patientId: string) => ["waitlist", patientId] as const,
  providers: (slug: string) => ["providers", slug] as const,
  messagePreferences: (patientId: string) => ["message-preferences", patientId] as const,
};

export type Me = paths["/api/v1/me"]["get"]["responses"][200]["content"]["application/json"];
export type Setup = paths["/api/v1/setup"]["get"]["responses"][200]["content"]["application/json"];

/** The signed-in account, or null when nobody is signed in (401 is an answer here, not an error). */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: async (): Promise<Me | null> => {
    try {
      return await unwrap(api.GET("/api/v1/me"));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/** First-run status and the clinic the public pages open on. */
export const setupQuery = queryOptions({
  queryKey: keys.setup,
  queryFn: () => unwrap(api.GET("/api/v1/setup")),
  staleTime: 60_000,
});

export function useSetup() {
  return useQuery(setupQuery);
}

/** A fresh key per attempt of a booking write: a retried request is then answered once. */
export function idempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
