/*
 * An editor's own save waits for the autosave on its way.
 *
 * Wagtail 8.0's autosave (its w-autosave controller) sends the form half a second after a change, and the answer
 * tells the tab what the save made: in the create view the page's edit URL, in both views the ids of the inline
 * rows it created (a partner organisation, say). A "Save draft", "Submit" or "Publish" pressed before that answer
 * arrives posts the form without them: to the create view again, or with the new rows still without ids, so the
 * server makes the page or the rows a second time. Wagtail does not hold the submit back, so this does: a submit of
 * an edit form whose autosave is pending or in flight waits until the autosave has answered and the tab has taken
 * the answer in, then goes ahead with the same button. Autosave stops at the submit, since the page is leaving.
 */
(function () {
  "use strict";

  var IDENTIFIER = "w-autosave";

  function autosaveOf(form) {
    var app = window.wagtail && window.wagtail.app;
    return app ? app.getControllerForElementAndIdentifier(form, IDENTIFIER) : null;
  }

  // The controller's submitPromise settles once the request has answered and the tab has applied the answer; a
  // save asked for meanwhile starts only while autosave is active, which it no longer is.
  function settled(autosave) {
    if (!autosave.submitPromise) return Promise.resolve();
    return autosave.submitPromise.then(
      function () { return settled(autosave); },
      function () { return settled(autosave); }
    );
  }

  // Wagtail's progress buttons disable themselves once pressed, and a disabled button's name (action-publish,
  // action-submit) would not be posted: enable it for the moment of the submit.
  function submitWith(form, submitter) {
    if (!submitter) {
      form.requestSubmit();
      return;
    }
    var disabled = submitter.disabled;
    submitter.disabled = false;
    form.requestSubmit(submitter);
    submitter.disabled = disabled;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    var autosave = autosaveOf(form);
    if (!autosave) return;
    autosave.activeValue = false;
    if (!autosave.submitPromise) return;
    event.preventDefault();
    var submitter = event.submitter;
    settled(autosave).then(function () { submitWith(form, submitter); });
  });
})();
