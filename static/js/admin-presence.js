// Keeps this edit page counted as open (careers/presence.py) while it is open, so that
// a colleague who opens the same item is told; says goodbye when the page is left.
"use strict";
(() => {
  const marker = document.getElementById("editing-presence");
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (!marker || !token) {
    return;
  }
  const send = (closed) => {
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token.value);
    if (closed) {
      body.append("closed", "1");
      navigator.sendBeacon(marker.dataset.url, body);
      return;
    }
    fetch(marker.dataset.url, { method: "POST", body, credentials: "same-origin" }).catch(() => {});
  };
  setInterval(() => send(false), Number(marker.dataset.seconds) * 1000);
  window.addEventListener("pagehide", () => send(true));
})();
