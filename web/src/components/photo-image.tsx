import { Center, Image, Loader, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { api, unwrap } from "../api/client";

/**
 * A clinical photo fetched through the API client (every view is audited server-side) and shown
 * from an object URL, released when the image leaves the page.
 */
export function PhotoImage({
  patientId,
  photoId,
  size,
  alt,
  height,
}: {
  patientId: string;
  photoId: string;
  size: "thumbnail" | "original";
  alt: string;
  height: number;
}) {
  const blob = useQuery({
    queryKey: ["photo", photoId, size],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () => {
      const params = { params: { path: { id: patientId, photoId } }, parseAs: "blob" as const };
      return unwrap(
        size === "thumbnail"
          ? api.GET("/api/v1/patients/{id}/photos/{photoId}/thumbnail", params)
          : api.GET("/api/v1/patients/{id}/photos/{photoId}/original", params),
      );
    },
  });
  const url = useMemo(() => (blob.data ? URL.createObjectURL(blob.data as Blob) : null), [blob.data]);
  useEffect(() => () => (url === null ? undefined : URL.revokeObjectURL(url)), [url]);
  if (blob.error)
    return (
      <Center h={height}>
        <Text size="sm" c="red.8">
          Could not load the photo.
        </Text>
      </Center>
    );
  if (url === null)
    return (
      <Center h={height} role="status" aria-label="Loading the photo">
        <Loader size="sm" />
      </Center>
    );
  return <Image src={url} alt={alt} h={height} w="auto" fit="contain" radius="sm" />;
}
