import { NativeSelect } from "@mantine/core";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, keys, unwrap } from "../api/client";

/** Who can perform `service` at the clinic. */
export const providersQuery = (slug: string, service: string) =>
  queryOptions({
    queryKey: [...keys.providers(slug), service],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/clinics/{slug}/services/{code}/providers", {
          params: { path: { slug, code: service } },
        }),
      ),
    staleTime: 5 * 60_000,
  });

/**
 * Who performs the appointment: "Any provider" (the server picks whoever is free, so more times
 * show) or one by name. The empty value means any.
 */
export function ProviderSelect({
  slug,
  service,
  value,
  onChange,
}: {
  slug: string;
  service: string;
  value: string;
  onChange: (providerId: string) => void;
}) {
  const providers = useQuery({ ...providersQuery(slug, service), enabled: slug !== "" && service !== "" });
  const data = [
    { value: "", label: providers.isPending ? "Any provider (loading names…)" : "Any provider" },
    ...(providers.data?.providers ?? []).map((p) => ({ value: p.id, label: p.name })),
  ];
  return (
    <NativeSelect
      label="Provider"
      data={data}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={providers.error ? "The providers could not be loaded: any provider is used." : undefined}
      w={260}
      maw="100%"
    />
  );
}
