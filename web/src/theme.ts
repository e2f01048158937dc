import {
  Alert,
  Anchor,
  type CSSVariablesResolver,
  createTheme,
  type MantineColorsTuple,
} from "@mantine/core";

// Mantine's teal with its two darkest shades moved one step darker: the filled colour (8) and its
// hover (9) both keep white text above 4.5:1.
const brand: MantineColorsTuple = [
  "#e6fcf5",
  "#c3fae8",
  "#96f2d7",
  "#63e6be",
  "#38d9a9",
  "#20c997",
  "#12b886",
  "#0ca678",
  "#087f5b",
  "#06694b",
];

// Brand 8 on white (links, filled buttons) and grey 7 for secondary text keep contrast above
// WCAG AA (4.5:1); autoContrast picks black or white text on any filled colour. Links are always
// underlined, so they stand out from the text around them by more than colour.
export const theme = createTheme({
  colors: { brand },
  primaryColor: "brand",
  primaryShade: 8,
  autoContrast: true,
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  components: {
    Anchor: Anchor.extend({ defaultProps: { underline: "always" } }),
    // A light alert's coloured title is too pale on its tint: titles take the text colour.
    Alert: Alert.extend({ styles: { title: { color: "var(--mantine-color-text)" } } }),
  },
});

export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  // Mantine's error red (red 6) is 3.3:1 on white: a field's message and the text typed into a
  // flagged input would fail WCAG AA, so errors take red 9 (above 5:1).
  light: {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-error": "var(--mantine-color-red-9)",
  },
  dark: {},
});
