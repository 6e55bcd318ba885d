// A table wider than a phone scrolls inside its own frame, never the whole page. The frame is a
// region named by the table's caption and takes the focus, so a keyboard user can scroll it with
// the arrow keys and a screen reader says what it holds.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

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
  // Focusable as rendered (without JavaScript nobody can tell whether it will scroll); once the
  // page runs, only while the table is wider than its frame: a table that fits is no Tab stop.
  const frame = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(true);
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={frame}
      className={frameClassName ? `table-wrap ${frameClassName}` : "table-wrap"}
      role="region"
      aria-labelledby={captionId}
      // A frame that scrolls must take the focus, or a keyboard cannot scroll it (WCAG 2.1.1, axe's
      // scrollable-region-focusable): the accepted exception to « no tabIndex on a non-widget ».
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
      tabIndex={scrolls ? 0 : undefined}
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
