// The assistant's conversation with htmx: the new turn is appended (hx-swap="beforeend"); this file empties
// the question box and brings the new question, with its reply below it, into view. Without JavaScript the
// form posts and the page opens at the new question (#cau-moi).
(function () {
  "use strict";
  function isConversation(event) {
    var target = event.detail && event.detail.target;
    return target && target.id === "tro-ly-luot";
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    // "Too many questions" (429) comes as a turn of the conversation too.
    if (isConversation(event) && event.detail.xhr && event.detail.xhr.status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!isConversation(event)) {
      return;
    }
    var box = document.getElementById("q-chat");
    if (box) {
      box.value = "";
    }
    var questions = event.detail.target.querySelectorAll(".turn-question");
    var last = questions[questions.length - 1];
    if (last) {
      last.scrollIntoView({ block: "start" });
    }
  });
})();
