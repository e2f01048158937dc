import { type QueryClient, queryOptions, useQuery } from "@tanstack/react-query";
import { api, type Me, meQuery, type Setup, setupQuery, unwrap, useMe, useSetup } from "./api/client";
import { browserTimeZone } from "./lib/time";

/** A patient's own profile: their time zone is the one they see times in. */
const profileQuery = (patientId: string) =>
  queryOptions({
    queryKey: ["patient", patientId],
    queryFn: () => unwrap(api.GET("/api/v1/patients/{id}", { params: { path: { id: patientId } } })),
    staleTime: 5 * 60_000,
  });

/** One answer the session waits for, as a query holds it. */
interface Answer<T> {
  data?: T | undefined;
  error: Error | null;
  isPending: boolean;
}

/**
 * Who is looking and in which clinic and zone. Patients see times in their own zone (their
 * profile's), staff in the clinic's, visitors in their browser's until they sign up.
 */
function describeSession(me: Answer<Me | null>, setup: Answer<Setup>, profile: Answer<{ timeZone: string }>) {
  const patientId = me.data?.patientId ?? null;
  const account = me.data ?? null;
  const clinicSlug = account?.clinic.slug ?? setup.data?.clinic?.slug ?? null;
  const role = account?.account.role ?? null;
  const timeZone =
    role === "patient"
      ? (profile.data?.timeZone ?? browserTimeZone())
      : (account?.clinic.timeZone ?? browserTimeZone());
  return {
    loading: me.isPending || setup.isPending || (patientId !== null && profile.isPending),
    error: me.error ?? setup.error ?? null,
    account,
    role,
    patientId,
    clinicSlug,
    clinicName: account?.clinic.name ?? setup.data?.clinic?.name ?? null,
    setupOpen: setup.data?.open ?? false,
    timeZone,
  };
}

export function useSession() {
  const me = useMe();
  const setup = useSetup();
  const patientId = me.data?.patientId ?? null;
  const profile = useQuery({ ...profileQuery(patientId ?? ""), enabled: patientId !== null });
  return describeSession(me, setup, profile);
}

/**
 * Fetches what `useSession` waits for into the cache, so a page's first render already knows who
 * is looking and where, and answers the session as `useSession` will then see it. Failures are
 * left for the hooks to show (and retry).
 */
export async function prefetchSession(queryClient: QueryClient): Promise<Session> {
  const [me] = await Promise.all([
    queryClient.fetchQuery(meQuery).catch(() => null),
    queryClient.prefetchQuery(setupQuery),
  ]);
  if (me?.patientId) await queryClient.prefetchQuery(profileQuery(me.patientId));
  const answer = <T>(queryKey: readonly unknown[]): Answer<T> => {
    const state = queryClient.getQueryState<T>(queryKey);
    return {
      data: state?.data,
      error: state?.error ?? null,
      isPending: (state?.status ?? "pending") === "pending",
    };
  };
  return describeSession(
    answer(meQuery.queryKey),
    answer(setupQuery.queryKey),
    answer(profileQuery(me?.patientId ?? "").queryKey),
  );
}

export type Session = ReturnType<typeof describeSession>;

export const isStaff = (role: string | null) =>
  role === "front_desk" || role === "provider" || role === "admin";
