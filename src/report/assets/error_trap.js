(function () {
  var errors = [];
  function record(message) {
    errors.push(String(message));
    var box = document.getElementById('hs-errors');
    if (box) { box.textContent = errors.join('\n'); box.hidden = false; }
  }
  window.hsRecordError = record;
  window.hsErrors = errors;
  window.addEventListener('error', function (e) {
    if (e.target && e.target !== window && e.target.tagName) record('cannot load ' + e.target.tagName.toLowerCase());
    else record('error: ' + e.message + ' (' + e.filename + ':' + e.lineno + ')');
  }, true);
  window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
  document.addEventListener('securitypolicyviolation', function (e) {
    record('blocked by the page policy: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
})();
