// Progressive enhancement: a copy button next to the article URL. Without
// JavaScript the URL field is still there to select and copy by hand.
(function () {
  var field = document.querySelector("[data-copy]");
  if (!field || !navigator.clipboard) return;
  var button = document.createElement("button");
  var status = document.createElement("span");
  button.type = "button";
  button.textContent = "URLをコピー";
  status.setAttribute("role", "status");
  status.className = "share__status";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = "コピーしました"; },
      function () { field.select(); status.textContent = "選択しました。コピーしてください"; }
    );
  });
  field.insertAdjacentElement("afterend", status);
  field.insertAdjacentElement("afterend", button);
})();
