// Stands in for react-style-singleton, with which GraphiQL's dialogs (Radix, through react-remove-scroll) write <style>
// elements to lock the page's scrolling; `style-src 'self'` refuses those. GraphiQL's page never scrolls (page.css),
// so there is nothing to lock: these draw nothing and write no style.

/** A component that would have written `styles`; it renders nothing. */
export function styleSingleton(): (props: { styles: string; dynamic?: boolean }) => null {
  return () => null;
}

/** A hook that would have written styles; it does nothing. */
export function styleHookSingleton(): (styles: string, isDynamic?: boolean) => void {
  return () => undefined;
}

/** A stylesheet that would have been added to the head; adding and removing do nothing. */
export function stylesheetSingleton(): { add(style: string): void; remove(): void } {
  return { add: () => undefined, remove: () => undefined };
}
