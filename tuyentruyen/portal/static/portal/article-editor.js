/* The article editor: Trix in Vietnamese over the form's body box, pictures uploaded into the text.
   Without JavaScript the box stays a plain text area (each line becomes a paragraph when saved). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-article-form]");
  var box = form && form.querySelector("textarea[name=body]");
  if (!box || !window.Trix) {
    return;
  }

  Object.assign(window.Trix.config.lang, {
    attachFiles: "Chèn ảnh",
    bold: "Chữ đậm",
    bullets: "Danh sách",
    byte: "byte",
    bytes: "byte",
    captionPlaceholder: "Chú thích ảnh (cũng là mô tả cho người khiếm thị)…",
    code: "Đoạn nguyên văn",
    heading1: "Tiêu đề mục",
    indent: "Thụt vào",
    italic: "Chữ nghiêng",
    link: "Liên kết",
    numbers: "Danh sách đánh số",
    outdent: "Lùi ra",
    quote: "Trích dẫn",
    redo: "Làm lại",
    remove: "Xóa",
    strike: "Gạch ngang",
    undo: "Hoàn tác",
    unlink: "Bỏ liên kết",
    url: "Địa chỉ liên kết",
    urlPlaceholder: "Nhập địa chỉ, ví dụ https://dichvucong.gov.vn",
  });

  // a picture's caption is what the writer types (it also describes the picture to screen readers),
  // never its file name and size
  window.Trix.config.attachments.preview.caption = {name: false, size: false};

  var status = form.querySelector("[data-editor-status]");
  var uploadUrl = form.getAttribute("data-upload-url") || "";
  var maxBytes = parseInt(form.getAttribute("data-upload-max") || "0", 10);
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  box.hidden = true;
  var editor = document.createElement("trix-editor");
  editor.setAttribute("input", box.id);
  editor.setAttribute("aria-label", "Nội dung tin bài");
  editor.className = "article-editor";
  editor.id = box.id + "-editor";
  box.parentNode.insertBefore(editor, box.nextSibling);
  var format = form.querySelector("input[name=body_format]");
  if (format) {
    format.value = "html";
  }

  editor.addEventListener("trix-initialize", function () {
    var tools = editor.toolbarElement &&
      editor.toolbarElement.querySelector("[data-trix-button-group=file-tools]");
    if (tools && !uploadUrl) {
      tools.hidden = true;
    }
  });

  editor.addEventListener("trix-file-accept", function (event) {
    var file = event.file;
    if (!uploadUrl) {
      event.preventDefault();
      say("Lưu bản nháp trước, rồi bấm Sửa để chèn ảnh.");
    } else if (!/^image\/(jpeg|png|webp|gif)$/.test(file.type)) {
      event.preventDefault();
      say("Chỉ chèn được ảnh JPEG, PNG, WebP hoặc GIF.");
    } else if (maxBytes && file.size > maxBytes) {
      event.preventDefault();
      say("Ảnh quá lớn (tối đa " + Math.round(maxBytes / 1048576) + " MB).");
    }
  });

  editor.addEventListener("trix-attachment-add", function (event) {
    var attachment = event.attachment;
    if (!attachment.file) {
      return;
    }
    var data = new FormData();
    data.append("image", attachment.file);
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    var request = new XMLHttpRequest();
    request.open("POST", uploadUrl);
    request.upload.addEventListener("progress", function (progress) {
      if (progress.lengthComputable) {
        attachment.setUploadProgress(progress.loaded / progress.total * 100);
      }
    });
    request.addEventListener("load", function () {
      var reply = {};
      try {
        reply = JSON.parse(request.responseText || "{}");
      } catch (ignored) {
        reply = {};
      }
      if (request.status === 200 && reply.url) {
        attachment.setAttributes({url: reply.url});
        say("Đã tải ảnh lên. Nhớ bấm Lưu.");
      } else {
        attachment.remove();
        say(reply.error || "Chưa tải được ảnh lên, hãy thử lại.");
      }
    });
    request.addEventListener("error", function () {
      attachment.remove();
      say("Mất kết nối khi tải ảnh lên, hãy thử lại.");
    });
    say("Đang tải ảnh lên…");
    request.send(data);
  });
})();
