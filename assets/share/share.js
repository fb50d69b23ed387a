// The Playground's share link: its text (wrapping, selectable as a whole) and a Copy
// button. Clipboard API where the page may use it; otherwise the link is selected and
// copied with execCommand, or left selected for Ctrl+C.
export default function (component) {
  const { data, parentElement } = component;
  const box = parentElement.querySelector(".tc-share");
  if (!box || !data) return undefined;
  const link = box.querySelector(".tc-share-link");
  const button = box.querySelector(".tc-share-copy");
  const url = typeof data === "string" ? JSON.parse(data).url : data.url;
  link.textContent = url;
  let timer;
  button.onclick = async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents(link);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try {
        copied = document.execCommand("copy");
      } catch (e2) {
        copied = false;
      }
    }
    button.textContent = copied ? "Copied ✓" : "Press Ctrl+C";
    clearTimeout(timer);
    timer = setTimeout(() => (button.textContent = "Copy"), 2000);
  };
  return () => clearTimeout(timer);
}
