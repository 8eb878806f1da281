// samenrekenen: every htmx request carries the session's CSRF token; no inline scripts (CSP).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content");
  }
});
// Error answers (409 conflict, 422 invalid) carry a fragment to show next to the field.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 409 || status === 422 || status === 400 || status === 403) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
