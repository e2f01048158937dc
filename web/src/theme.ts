import { createTheme } from "@mantine/core";

// Teal 8 on white and dark grey text keep contrast above WCAG AA for text and controls.
export const theme = createTheme({
  primaryColor: "teal",
  primaryShade: 8,
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
});
