import { Alert, Button, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useConsentsToSign } from "../api/consent-queries";

/** A reminder on the timeline while a consent form is unsigned or signed on an older version. */
export function ConsentCard({ patientId, clinicSlug }: { patientId: string; clinicSlug: string | null }) {
  const consents = useConsentsToSign(patientId, clinicSlug);
  if (consents.toSign.length === 0) return null;
  const outdated = consents.toSign.every((s) => s.status === "outdated");
  return (
    <Alert color="yellow" title="Sign your consent">
      <Stack gap="xs">
        <Text>
          {outdated
            ? "Your clinic updated its consent form. Please read it and sign again before your session."
            : "Please read and sign the consent form before your session; your provider needs it to treat you."}
        </Text>
        <Button component={Link} to="/consent" w="fit-content">
          Read and sign
        </Button>
      </Stack>
    </Alert>
  );
}
