// Starts provlens: imports the wasm-bindgen glue that Trunk built and instantiates the wasm.
// Trunk writes the hashed file names into this tag's data attributes (Trunk.toml's
// pattern_script); being a file rather than an inline script lets the page's CSP forbid
// inline scripts outright. Both URLs are relative, so any sub-path works.
const tag = document.querySelector('script[data-wasm]');
try {
  const { default: init } = await import(tag.dataset.js);
  const wasm = await init({ module_or_path: tag.dataset.wasm });
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  const p = document.createElement('p');
  p.className = 'boot-error';
  p.textContent = `provlens could not start in this browser: ${error}. It needs a current browser with WebAssembly.`;
  document.body.append(p);
  throw error;
}
