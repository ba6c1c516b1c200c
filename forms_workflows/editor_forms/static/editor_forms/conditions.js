// Hide a field while the answer it depends on (in the same step) does not call for it.
// Only a convenience: without this script every field shows, and the server
// drops the answers of hidden fields anyway.
(function () {
  "use strict";
  var form = document.getElementById("editor-form");
  if (!form) return;
  var dependents = form.querySelectorAll("[data-shown-when-field]");
  function answered(name, wanted) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if (input.type === "hidden") return input.value === wanted;
      if (input.type === "radio" || input.type === "checkbox") {
        var value = input.value === "true" ? "yes" : input.value === "false" ? "no" : input.value;
        if (input.checked && value === wanted) return true;
        if (input.type === "checkbox" && input.value === "true" && !input.checked && wanted === "no") return true;
      } else if (input.value === wanted) {
        return true;
      }
    }
    return false;
  }
  function update() {
    for (var i = 0; i < dependents.length; i++) {
      var field = dependents[i];
      field.hidden = !answered(field.dataset.shownWhenField, field.dataset.shownWhenValue);
    }
  }
  form.addEventListener("change", update);
  update();
})();
