// A table wider than a phone scrolls inside its own frame, never the whole page. The frame is a
// region named by the table's caption and takes the focus, so a keyboard user can scroll it with
// the arrow keys and a screen reader says what it holds.
import { useId, type ReactNode } from "react";

export function ScrollableTable({
  caption,
  hiddenCaption = false,
  frameClassName,
  className,
  id,
  children,
}: {
  caption: ReactNode;
  /** The caption is for screen readers only (a heading above already says it). */
  hiddenCaption?: boolean;
  /** Classes of the frame, besides `table-wrap`, and of the table. */
  frameClassName?: string;
  className?: string;
  /** The table's id, for a link to it. */
  id?: string;
  /** The table's head and body. */
  children: ReactNode;
}) {
  const captionId = useId();
  return (
    <div
      className={frameClassName ? `table-wrap ${frameClassName}` : "table-wrap"}
      role="region"
      aria-labelledby={captionId}
      // A frame that scrolls must take the focus, or a keyboard cannot scroll it (WCAG 2.1.1, axe's
      // scrollable-region-focusable): the accepted exception to « no tabIndex on a non-widget ».
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={0}
    >
      <table className={className} id={id}>
        <caption id={captionId} className={hiddenCaption ? "visually-hidden" : undefined}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}
