// geomap serve: small helps for the page; the form works without them.
// Dropped files go into the form's file input (the browser sends them with the form); the copy
// button copies the embed snippet. No text is ever put into the page as markup (textContent only).
(function () {
  "use strict";
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");

  function list() {
    if (!chosen || !input) return;
    chosen.textContent = "";
    Array.prototype.forEach.call(input.files || [], function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " kB)";
      chosen.appendChild(li);
    });
  }

  if (drop && input) {
    input.addEventListener("change", list);
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) {
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      var files = new DataTransfer();
      Array.prototype.forEach.call(e.dataTransfer.files, function (f) {
        if (/\.txt$/i.test(f.name) || f.type === "text/plain") files.items.add(f);
      });
      input.files = files.files;
      list();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.getAttribute("data-copy"));
      if (!area) return;
      var done = function () { button.textContent = "Copied"; setTimeout(function () { button.textContent = "Copy the snippet"; }, 1500); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(done, function () { area.select(); document.execCommand("copy"); done(); });
      } else {
        area.select();
        document.execCommand("copy");
        done();
      }
    });
  });
})();
