// When the app in the browser dies (a page's wasm chunk failed to load, or
// any panic), the page falls back to plain HTML: the link that was followed
// opens as a full page load, and from then on links and forms work without
// the app, as they do with JavaScript off.
(() => {
  let dead = false;
  let target = null;
  const plain = (event) => {
    if (dead) event.stopImmediatePropagation();
  };
  // On document, not window: the router listens on window (after this).
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (link && link.origin === location.origin) target = link.href;
    plain(event);
  }, true);
  document.addEventListener('submit', plain, true);
  addEventListener('popstate', () => { target = location.href; });
  const fallBack = () => {
    if (dead) return;
    dead = true;
    if (target) location.assign(target);
  };
  window.mentorhubFallBack = fallBack;
  const fatal = (error) => error instanceof WebAssembly.RuntimeError;
  addEventListener('error', (event) => { if (fatal(event.error)) fallBack(); });
  addEventListener('unhandledrejection', (event) => { if (fatal(event.reason)) fallBack(); });
})();
