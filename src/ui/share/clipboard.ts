/**
 * Copying text: the async Clipboard API, then the older execCommand('copy')
 * on a hidden text area (some embedded browsers and http pages). When both
 * are refused the caller says so and selects the text for Ctrl+C.
 */

/** Copies `text`; resolves to false when the browser refused. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText !== undefined) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (permissions, not focused, insecure context): try the older way.
  }
  if (typeof document === 'undefined') return false;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  area.style.pointerEvents = 'none';
  const focused = document.activeElement;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (focused instanceof HTMLElement) focused.focus();
  return ok;
}

/** The message for a refused copy: what to do instead. */
export const COPY_REFUSED =
  'The browser did not allow copying. The text is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
