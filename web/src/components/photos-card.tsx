import { Button, Card, FileInput, Group, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, unwrap } from "../api/client";
import { fieldErrorsOf } from "../api/problem";
import { formatInstant } from "../lib/time";
import { ErrorNote, PageLoader } from "./page-state";
import { PhotoImage } from "./photo-image";

const ANGLES = ["front", "left_45", "right_45", "left_90", "right_90"] as const;
type Angle = (typeof ANGLES)[number];
const ANGLE_OPTIONS = ANGLES.map((a) => ({
  value: a,
  label: a.replace("_", " ") + (a === "front" ? "" : "°"),
}));

type Photo = Awaited<ReturnType<typeof fetchPhotos>>["photos"][number];

function fetchPhotos(patientId: string) {
  return unwrap(api.GET("/api/v1/patients/{id}/photos", { params: { path: { id: patientId } } }));
}

interface UploadValues {
  file: File | null;
  angle: string;
  taken: string;
  bookingId: string;
}

/**
 * The patient's clinical photos for the staff: upload one (tied to a session when chosen),
 * thumbnails of all, and a before/after of one angle side by side.
 */
export function PhotosCard({
  patientId,
  sessions,
  zone,
}: {
  patientId: string;
  sessions: { id: string; label: string }[];
  zone: string;
}) {
  const photos = useQuery({ queryKey: ["photos", patientId], queryFn: () => fetchPhotos(patientId) });
  return (
    <Card withBorder component="section" aria-labelledby="photos-title">
      <Title order={2} size="h3" mb="sm" id="photos-title">
        Photos
      </Title>
      <Stack>
        <UploadForm patientId={patientId} sessions={sessions} />
        {photos.isPending ? (
          <PageLoader label="Loading photos…" />
        ) : photos.error ? (
          <ErrorNote error={photos.error} />
        ) : photos.data.photos.length === 0 ? (
          <Text c="dimmed">No photos yet.</Text>
        ) : (
          <>
            <Thumbnails photos={photos.data.photos} zone={zone} />
            <Compare patientId={patientId} sessions={sessions} />
          </>
        )}
      </Stack>
    </Card>
  );
}

function UploadForm({
  patientId,
  sessions,
}: {
  patientId: string;
  sessions: { id: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const form = useForm<UploadValues>({
    mode: "controlled",
    initialValues: { file: null, angle: "front", taken: "before", bookingId: sessions[0]?.id ?? "" },
  });
  const upload = useMutation({
    mutationFn: (values: UploadValues) => {
      const body = new FormData();
      // Fields first: the server reads them in any order, but a cut-off upload then still names them.
      body.set("angle", values.angle);
      body.set("taken", values.taken);
      if (values.bookingId !== "") body.set("bookingId", values.bookingId);
      if (values.file !== null) body.set("file", values.file);
      return unwrap(
        api.POST("/api/v1/patients/{id}/photos", {
          params: { path: { id: patientId } },
          // The document does not describe the multipart body, so the form goes out as it is and
          // the browser writes the boundary into the content type itself.
          body: body as never,
          bodySerializer: () => body,
        }),
      );
    },
    onSuccess: () => {
      form.setFieldValue("file", null);
      void queryClient.invalidateQueries({ queryKey: ["photos", patientId] });
      void queryClient.invalidateQueries({ queryKey: ["compare", patientId] });
    },
    onError: (error) => form.setErrors(fieldErrorsOf(error)),
  });
  const submit = form.onSubmit((values) => {
    if (values.file === null) {
      form.setFieldError("file", "Choose a photo");
      return;
    }
    upload.mutate(values);
  });
  return (
    <form onSubmit={submit} noValidate aria-label="Upload a photo">
      <Stack gap="xs">
        <Group align="flex-start" wrap="wrap">
          <FileInput
            label="Photo"
            description="A JPEG, PNG or HEIC image"
            accept="image/*"
            required
            clearable
            w={240}
            {...form.getInputProps("file")}
          />
          <Select
            label="Angle"
            data={ANGLE_OPTIONS}
            required
            w={130}
            allowDeselect={false}
            {...form.getInputProps("angle")}
          />
          <Select
            label="Taken"
            data={[
              { value: "before", label: "Before" },
              { value: "after", label: "After" },
            ]}
            required
            w={120}
            allowDeselect={false}
            {...form.getInputProps("taken")}
          />
          <Select
            label="Session"
            data={[
              { value: "", label: "No session" },
              ...sessions.map((s) => ({ value: s.id, label: s.label })),
            ]}
            w={220}
            allowDeselect={false}
            {...form.getInputProps("bookingId")}
          />
        </Group>
        <ErrorNote error={upload.error} title="Not uploaded" />
        {upload.isSuccess && <Text role="status">Photo uploaded.</Text>}
        <Button type="submit" w="fit-content" loading={upload.isPending}>
          Upload
        </Button>
      </Stack>
    </form>
  );
}

function photoLabel(photo: Photo, zone: string): string {
  return `${photo.taken === "before" ? "Before" : "After"}, ${photo.angle.replace("_", " ")}, ${formatInstant(photo.uploadedAt, zone)}`;
}

function Thumbnails({ photos, zone }: { photos: Photo[]; zone: string }) {
  return (
    <SimpleGrid
      cols={{ base: 2, xs: 3, sm: 5 }}
      component="ul"
      style={{ listStyle: "none", padding: 0 }}
      aria-label="All photos"
    >
      {photos.map((photo) => (
        <Stack key={photo.id} component="li" gap={2} align="center">
          <PhotoImage
            patientId={photo.patientId}
            photoId={photo.id}
            size="thumbnail"
            alt={photoLabel(photo, zone)}
            height={96}
          />
          <Text size="xs" ta="center">
            {photoLabel(photo, zone)}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

/**
 * One angle side by side: over the whole course (the first "before" beside the latest "after"),
 * then session by session when there is more than one.
 */
function Compare({ patientId, sessions }: { patientId: string; sessions: { id: string; label: string }[] }) {
  const [angle, setAngle] = useState<Angle>("front");
  const compare = useQuery({
    queryKey: ["compare", patientId, angle],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/patients/{id}/photos/compare", {
          params: { path: { id: patientId }, query: { angle } },
        }),
      ),
  });
  return (
    <Stack gap="xs" component="section" aria-labelledby="compare-title">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4" id="compare-title">
          Before and after
        </Title>
        <Select
          label="Angle to compare"
          data={ANGLE_OPTIONS}
          value={angle}
          allowDeselect={false}
          onChange={(value) => value !== null && setAngle(value as Angle)}
          w={160}
        />
      </Group>
      {compare.isPending ? (
        <PageLoader label="Loading the comparison…" />
      ) : compare.error ? (
        <ErrorNote error={compare.error} />
      ) : (
        <>
          <PairView
            patientId={patientId}
            pair={compare.data.overall}
            titles={["First before", "Latest after"]}
            angle={angle}
            size="original"
          />
          {compare.data.sessions.length > 1 &&
            compare.data.sessions.map((pair) => (
              <Stack key={pair.bookingId ?? "none"} gap={4}>
                <Text fw={600} size="sm">
                  {pair.bookingId === null
                    ? "Outside a session"
                    : `Session of ${sessions.find((x) => x.id === pair.bookingId)?.label ?? "an earlier date"}`}
                </Text>
                <PairView
                  patientId={patientId}
                  pair={pair}
                  titles={["Before", "After"]}
                  angle={angle}
                  size="thumbnail"
                />
              </Stack>
            ))}
        </>
      )}
    </Stack>
  );
}

function PairView({
  patientId,
  pair,
  titles,
  angle,
  size,
}: {
  patientId: string;
  pair: { before: Photo | null; after: Photo | null };
  titles: [string, string];
  angle: Angle;
  size: "original" | "thumbnail";
}) {
  return (
    <SimpleGrid cols={2}>
      {(["before", "after"] as const).map((side, i) => {
        const photo = pair[side];
        const title = titles[i] ?? side;
        return (
          <Stack key={side} gap={4} align="center">
            <Text fw={600} size={size === "original" ? "md" : "sm"}>
              {title}
            </Text>
            {photo === null ? (
              <Text c="dimmed" size="sm">
                No {side} photo of this angle.
              </Text>
            ) : (
              <PhotoImage
                patientId={patientId}
                photoId={photo.id}
                size={size}
                alt={`${title} photo, ${angle.replace("_", " ")}`}
                height={size === "original" ? 240 : 120}
              />
            )}
          </Stack>
        );
      })}
    </SimpleGrid>
  );
}
