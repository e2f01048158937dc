import { Anchor, Card, SimpleGrid, Text } from "@mantine/core";
import { Link } from "react-router";
import { AdminFrame } from "../components/admin-frame";
import { ADMIN_SECTIONS } from "../lib/admin-sections";

/** The admin's index: one card per setup page. */
export default function AdminPage() {
  return (
    <AdminFrame title="Admin" path="/admin">
      {() => (
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} component="ul" style={{ listStyle: "none", padding: 0 }}>
          {ADMIN_SECTIONS.map((section) => (
            <Card key={section.path} withBorder component="li">
              <Anchor component={Link} to={`/admin/${section.path}`} fw={600}>
                {section.title}
              </Anchor>
              <Text size="sm" c="dimmed" mt={4}>
                {section.about}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
    </AdminFrame>
  );
}
