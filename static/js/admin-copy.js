// Copy buttons next to share-link URLs in the admin. Without JavaScript the buttons stay
// hidden and the read-only field can be selected and copied by hand.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.hidden = false;
  });
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  const field = document.getElementById(button.dataset.copy);
  const done = () => {
    button.textContent = "コピーしました";
    setTimeout(() => { button.textContent = "コピー"; }, 2000);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, () => field.select());
  } else {
    field.select();
    if (document.execCommand("copy")) {
      done();
    }
  }
});
