// A table wider than a phone scrolls inside its own frame, never the whole page. The frame is a
// region named by the table's caption and takes the focus, so a keyboard user can scroll it with
// the arrow keys and a screen reader says what it holds.
import { useId, type ReactNode } from "react";

export function ScrollableTable({
  caption,
  hiddenCaption = false,
  children,
}: {
  caption: ReactNode;
  /** The caption is for screen readers only (a heading above already says it). */
  hiddenCaption?: boolean;
  /** The table's head and body. */
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    // A frame that scrolls must take the focus, or a keyboard cannot scroll it (WCAG 2.1.1, axe's
    // scrollable-region-focusable): the accepted exception to « no tabIndex on a non-widget ».
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption id={captionId} className={hiddenCaption ? "visually-hidden" : undefined}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
