// Zoom (wheel, buttons), pan (drag) and overlay toggles for /diagram. No dependencies.
(function () {
  'use strict';
  const view = document.getElementById('diagram-view');
  const svg = view && view.querySelector('svg');
  if (!svg) return;
  const full = svg.viewBox.baseVal;
  const home = { x: full.x, y: full.y, w: full.width, h: full.height };
  let box = Object.assign({}, home);
  svg.removeAttribute('width');
  svg.removeAttribute('height');

  function apply() {
    svg.setAttribute('viewBox', box.x + ' ' + box.y + ' ' + box.w + ' ' + box.h);
  }

  function zoom(factor, cx, cy) {
    const w = Math.min(home.w * 2, Math.max(home.w / 20, box.w * factor));
    const h = (w / box.w) * box.h;
    box.x = cx - ((cx - box.x) * w) / box.w;
    box.y = cy - ((cy - box.y) * h) / box.h;
    box.w = w;
    box.h = h;
    apply();
  }

  // Screen point → drawing coordinates.
  function toDrawing(clientX, clientY) {
    const r = svg.getBoundingClientRect();
    const scale = Math.max(box.w / r.width, box.h / r.height);
    const offsetX = (r.width * scale - box.w) / 2;
    const offsetY = (r.height * scale - box.h) / 2;
    return { x: box.x + (clientX - r.left) * scale - offsetX, y: box.y + (clientY - r.top) * scale - offsetY, scale: scale };
  }

  view.addEventListener('wheel', function (event) {
    event.preventDefault();
    const p = toDrawing(event.clientX, event.clientY);
    zoom(event.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
  }, { passive: false });

  let drag = null;
  view.addEventListener('pointerdown', function (event) {
    if (event.target.closest('a')) return;
    drag = { x: event.clientX, y: event.clientY, moved: false };
    view.classList.add('dragging');
  });
  window.addEventListener('pointermove', function (event) {
    if (!drag) return;
    const scale = toDrawing(event.clientX, event.clientY).scale;
    box.x -= (event.clientX - drag.x) * scale;
    box.y -= (event.clientY - drag.y) * scale;
    drag.x = event.clientX;
    drag.y = event.clientY;
    apply();
  });
  window.addEventListener('pointerup', function () {
    drag = null;
    view.classList.remove('dragging');
  });

  document.querySelectorAll('[data-zoom]').forEach(function (button) {
    button.addEventListener('click', function () {
      const action = button.getAttribute('data-zoom');
      if (action === 'reset') {
        box = Object.assign({}, home);
        apply();
        return;
      }
      zoom(action === 'in' ? 0.8 : 1.25, box.x + box.w / 2, box.y + box.h / 2);
    });
  });

  // Choosing another attack path reloads the page with it (the form works without script).
  const pathSelect = document.getElementById('diagram-path');
  if (pathSelect) {
    pathSelect.addEventListener('change', function () {
      pathSelect.form.submit();
    });
  }

  document.querySelectorAll('[data-overlay-toggle]').forEach(function (toggle) {
    const layer = svg.querySelector('g[data-overlay="' + toggle.getAttribute('data-overlay-toggle') + '"]');
    if (!layer) return;
    toggle.checked = layer.getAttribute('display') !== 'none';
    toggle.addEventListener('change', function () {
      if (toggle.checked) layer.removeAttribute('display');
      else layer.setAttribute('display', 'none');
    });
  });
})();
