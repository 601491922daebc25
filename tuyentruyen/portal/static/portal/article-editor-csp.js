/* Loaded before Trix. Trix puts its default rules for <trix-editor> and <trix-toolbar> in a <style>
   element it adds to <head>; the site's Content-Security-Policy (style-src 'self') refuses inline styles,
   so those rules live in portal/article-editor.css instead and the element is simply not added. */
(function () {
  "use strict";
  var head = document.head;
  var insertBefore = head.insertBefore;
  head.insertBefore = function (node, reference) {
    var tag = node && node.nodeName === "STYLE" ? node.getAttribute("data-tag-name") || "" : "";
    if (tag.indexOf("trix-") === 0) {
      return node;
    }
    return insertBefore.call(head, node, reference);
  };
})();
