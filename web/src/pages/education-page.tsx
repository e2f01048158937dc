import { Stack, Text, Title } from "@mantine/core";
import { useParams } from "react-router";
import NotFoundPage from "./not-found-page";

const TOPICS: Record<string, string> = {
  "is-microneedling-permanent": "Is microneedling permanent?",
  "how-to-prepare": "How to prepare",
  aftercare: "Aftercare",
  "what-to-expect": "What to expect",
};

export default function EducationPage() {
  const { topic = "" } = useParams();
  const title = TOPICS[topic];
  if (title === undefined) return <NotFoundPage />;
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Text>Ask the clinic: this page is being written.</Text>
    </Stack>
  );
}
