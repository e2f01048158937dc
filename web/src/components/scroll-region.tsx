import type { ReactNode } from "react";

/**
 * A wide table that scrolls sideways on a narrow screen. The region takes keyboard focus and
 * carries a name, so someone without a mouse can reach it and scroll it with the arrow keys.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll by keyboard
    <section aria-label={label} tabIndex={0} style={{ overflowX: "auto", maxWidth: "100%" }}>
      {children}
    </section>
  );
}
