// Renders the search engine's highlighted text without injecting HTML: the text arrives escaped
// with <mark> around matches; it is split and rebuilt as React elements.
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#38;": "&",
  "&#60;": "<",
  "&#62;": ">",
  "&#34;": '"',
};
const unescape = (text: string) =>
  text.replace(/&(#\d+|amp|lt|gt|quot);/g, (entity) => ENTITIES[entity] ?? String.fromCharCode(Number(entity.slice(2, -1))));

export function Highlighted({ html }: { html: string }) {
  const parts = html.split(/(<mark>.*?<\/mark>)/g).filter(Boolean);
  return (
    <>
      {parts.map((part, index) =>
        part.startsWith("<mark>") ? (
          <mark key={index}>{unescape(part.slice(6, -7))}</mark>
        ) : (
          <span key={index}>{unescape(part)}</span>
        ),
      )}
    </>
  );
}
