// Registers the offline service worker (sw.js, generated at build time) and shows an
// update banner when a new version has been downloaded. Plain script, no modules.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) return;
  var host = location.hostname;
  // Service workers need a secure context: https, or localhost for development/tests.
  if (location.protocol !== 'https:' && host !== 'localhost' && host !== '127.0.0.1') return;

  var sw = navigator.serviceWorker;
  var hadController = !!sw.controller; // false on the very first visit
  var updateRequested = false;
  var reloaded = false;

  // Text as escapes so the file works whatever charset it is served with:
  // "新版本可用，点击刷新" (new version available, click to refresh). The app sets
  // <html lang> from the chosen language before any banner can show.
  var LABEL_ZH = '\u65b0\u7248\u672c\u53ef\u7528\uff0c\u70b9\u51fb\u5237\u65b0';
  var LABEL_EN = 'New version available \u2014 click to reload';

  function showBanner(reg) {
    if (document.getElementById('sw-update')) return;
    var box = document.createElement('div');
    box.className = 'sw-update';
    box.setAttribute('role', 'status');
    var button = document.createElement('button');
    button.id = 'sw-update';
    button.type = 'button';
    button.textContent = document.documentElement.lang === 'en' ? LABEL_EN : LABEL_ZH;
    button.addEventListener('click', function () {
      button.disabled = true;
      if (reg && reg.waiting) {
        updateRequested = true;
        reg.waiting.postMessage({ type: 'SKIP_WAITING' }); // reload follows on controllerchange
      } else {
        location.reload(); // the new worker is already active (another tab accepted it)
      }
    });
    box.appendChild(button);
    document.body.appendChild(box);
  }

  function watch(reg) {
    // A new version may already be waiting when the page loads.
    if (reg.waiting && sw.controller) showBanner(reg);
    reg.addEventListener('updatefound', function () {
      var worker = reg.installing;
      if (!worker) return;
      worker.addEventListener('statechange', function () {
        // "installed" with an existing controller = an update, not the first install.
        if (worker.state === 'installed' && sw.controller) showBanner(reg);
      });
    });
  }

  sw.addEventListener('controllerchange', function () {
    if (reloaded) return;
    if (updateRequested) {
      reloaded = true;
      location.reload();
    } else if (hadController) {
      // Another tab accepted the update: offer a reload here instead of forcing one,
      // so nothing typed into this tab is lost.
      var old = document.getElementById('sw-update');
      if (old) old.parentNode.remove();
      showBanner(null);
    }
    // First visit: clients.claim() also fires controllerchange; nothing to do.
  });

  function register() {
    sw.register('./sw.js').then(watch, function (err) {
      console.warn('service worker registration failed', err);
    });
  }
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register);
})();
